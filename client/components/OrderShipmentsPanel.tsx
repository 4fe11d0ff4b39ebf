import { Badge, Box, H3, Panel, Table, Text } from '@bigcommerce/big-design';
import { useId, type ReactNode } from 'react';

import type {
  OrderOutboundView,
  OutboundIomView,
  OutboundLineView,
  OutboundShipmentView,
} from '../../server/http/api-types';
import { useSettings } from '../hooks/relay';
import { DateTime, RelativeTime } from './DateTime';
import { DetailList, type Detail } from './DetailList';
import { plural } from '../orders';
import { Notice } from './Notice';

/** "MUG-GRY × 2, TOTE-NAT × 1"; a line that matched no BigCommerce line says so. */
function linesText(lines: readonly OutboundLineView[]): string {
  if (lines.length === 0) return '—';
  return lines
    .map((line) => {
      const name =
        line.sku ??
        (line.orderProductId === null ? 'a line not on the order' : `line ${line.orderProductId}`);
      return `${name} × ${line.quantity}`;
    })
    .join(', ');
}

const SHIPMENT_COLUMNS = [
  {
    header: 'Tracking number',
    hash: 'trackingNumber',
    render: (s: OutboundShipmentView) => <Text as="span">{s.trackingNumber || '—'}</Text>,
  },
  {
    header: 'Carrier',
    hash: 'carrier',
    render: (s: OutboundShipmentView) => <Text as="span">{s.carrier ?? '—'}</Text>,
  },
  {
    header: 'Items',
    hash: 'items',
    render: (s: OutboundShipmentView) => <Text as="span">{linesText(s.items)}</Text>,
  },
  {
    header: 'In BigCommerce',
    hash: 'bigcommerceShipmentIds',
    render: (s: OutboundShipmentView) =>
      s.byHand ? (
        <Text as="span">Already shipped by hand; nothing created</Text>
      ) : (
        <Text as="span">
          {s.bigcommerceShipmentIds.length === 1 ? 'Shipment' : 'Shipments'}{' '}
          {s.bigcommerceShipmentIds.map((id) => `#${id}`).join(', ')}
        </Text>
      ),
  },
  {
    header: 'When',
    hash: 'at',
    render: (s: OutboundShipmentView) => <DateTime iso={s.at} />,
  },
];

type FulfillmentOrderRow = OutboundIomView['fulfillmentOrders'][number];
type IomShipmentRow = OutboundIomView['shipments'][number];
type ReturnRow = OutboundIomView['returns'][number] & { applied: string };

const FULFILLMENT_COLUMNS = [
  { header: 'Fulfillment order', hash: 'name', render: (fo: FulfillmentOrderRow) => fo.name },
  {
    header: 'State',
    hash: 'state',
    render: (fo: FulfillmentOrderRow) => <Badge label={fo.state ?? 'Unknown'} variant="secondary" />,
  },
];

const IOM_SHIPMENT_COLUMNS = [
  { header: 'IOM shipment', hash: 'name', render: (s: IomShipmentRow) => s.name },
  {
    header: 'Tracking number',
    hash: 'trackingNumber',
    render: (s: IomShipmentRow) => s.trackingNumber || '—',
  },
  { header: 'Carrier', hash: 'carrier', render: (s: IomShipmentRow) => s.carrier ?? '—' },
  { header: 'Lines', hash: 'lines', render: (s: IomShipmentRow) => linesText(s.lines) },
];

const RETURN_COLUMNS = [
  { header: 'IOM return', hash: 'name', render: (r: ReturnRow) => r.name },
  { header: 'Lines', hash: 'lines', render: (r: ReturnRow) => linesText(r.lines) },
  { header: 'In BigCommerce', hash: 'applied', render: (r: ReturnRow) => r.applied },
];

function returnRows(outbound: OrderOutboundView, iom: OutboundIomView): ReturnRow[] {
  const applied = new Map(outbound.returns.map((r) => [r.iomReturnId, r]));
  return iom.returns.map((r) => {
    const done = applied.get(r.id);
    return {
      ...r,
      applied: !done
        ? 'Not yet'
        : done.refundId !== null
          ? `Refunded (refund #${done.refundId})`
          : 'Recorded, no refund',
    };
  });
}

/** A titled part of the panel (a named region, so it can be found by its title). */
function Section({ title, children }: { title: string; children: ReactNode }) {
  const id = useId();
  return (
    <Box aria-labelledby={id} as="section" marginTop="medium">
      <H3 id={id}>{title}</H3>
      {children}
    </Box>
  );
}

function OutboundAttention({ outbound }: { outbound: OrderOutboundView }) {
  const { attention } = outbound;
  if (!attention) return null;
  return (
    <Notice
      header={attention.message}
      marginBottom="medium"
      messages={[
        { text: attention.fix },
        ...(attention.carrier ? [{ text: `IOM carrier: ${attention.carrier}` }] : []),
      ]}
      type="error"
    />
  );
}

function OutboundState({ outbound }: { outbound: OrderOutboundView }) {
  const statuses = useSettings().data?.statuses;
  const statusName = (id: number) => statuses?.[String(id)] ?? `status ${id}`;
  const details: Detail[] = [
    { term: 'IOM order state', value: outbound.iom?.iomState ?? 'Not read yet' },
    {
      term: 'Status set by IOM Connector',
      value: outbound.statusWritten === null ? 'None' : statusName(outbound.statusWritten),
    },
    {
      term: 'Last read from IOM',
      value: outbound.lastReconciledAt ? <RelativeTime iso={outbound.lastReconciledAt} /> : 'Not yet',
    },
  ];
  if (outbound.cancel !== 'none')
    details.push({
      term: 'Cancellation',
      value: outbound.cancel === 'requested' ? 'Requested in IOM, not confirmed yet' : 'Confirmed by IOM',
    });
  return <DetailList details={details} />;
}

/**
 * What IOM did with the order and what IOM Connector wrote back to BigCommerce: the shipments it
 * created (tracking number, carrier, items), IOM's fulfillment orders, shipments and returns, and what
 * stops something from being written back, with its fix.
 */
export function OrderShipmentsPanel({ outbound }: { outbound: OrderOutboundView | null }) {
  const headerId = useId();
  let body;
  if (!outbound) {
    body = (
      <Text margin="none">
        Nothing has come back from IOM for this order yet. Shipments appear here once IOM ships them.
      </Text>
    );
  } else {
    const iom = outbound.iom;
    body = (
      <>
        <OutboundAttention outbound={outbound} />
        {outbound.lockedAt && (
          <Notice
            header="This order's status is locked"
            marginBottom="medium"
            messages={[
              {
                text: 'IOM Connector never changes an order in a locked status (Settings › locked statuses), so IOM’s updates are not written to it.',
              },
            ]}
            type="warning"
          />
        )}
        {outbound.pending.length > 0 && (
          <Notice
            marginBottom="medium"
            messages={[
              {
                text: `${outbound.pending.length === 1 ? 'One shipment is' : `${outbound.pending.length} shipments are`} being written to BigCommerce.`,
              },
            ]}
            type="info"
          />
        )}
        <OutboundState outbound={outbound} />
        <Section title="Shipments in BigCommerce">
          <Table
            columns={SHIPMENT_COLUMNS}
            emptyComponent={<Text margin="none">IOM Connector has not created a shipment yet.</Text>}
            itemName={plural(outbound.shipments.length, 'BigCommerce shipment')}
            items={outbound.shipments}
            keyField="iomShipmentId"
          />
        </Section>
        {iom && (
          <>
            <Section title="IOM fulfillment orders">
              <Table
                columns={FULFILLMENT_COLUMNS}
                emptyComponent={<Text margin="none">IOM has no fulfillment order for it yet.</Text>}
                itemName={plural(iom.fulfillmentOrders.length, 'IOM fulfillment order')}
                items={iom.fulfillmentOrders}
                keyField="id"
              />
            </Section>
            <Section title="IOM shipments">
              <Table
                columns={IOM_SHIPMENT_COLUMNS}
                emptyComponent={<Text margin="none">IOM has not shipped anything yet.</Text>}
                itemName={plural(iom.shipments.length, 'IOM shipment')}
                items={iom.shipments}
                keyField="id"
              />
            </Section>
            {iom.returns.length > 0 && (
              <Section title="IOM returns">
                <Table
                  columns={RETURN_COLUMNS}
                  itemName={plural(returnRows(outbound, iom).length, 'IOM return')}
                  items={returnRows(outbound, iom)}
                  keyField="id"
                />
              </Section>
            )}
          </>
        )}
      </>
    );
  }
  return (
    <Panel
      aria-labelledby={headerId}
      description="What IOM fulfilled and what IOM Connector wrote back to the BigCommerce order."
      header="Shipments"
      headerId={headerId}
      margin="none"
      marginTop="medium"
      role="region"
    >
      {body}
    </Panel>
  );
}
