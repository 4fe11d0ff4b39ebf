import { Badge, Box, Button, Flex, H3, Panel, Table, Text } from '@bigcommerce/big-design';
import { useEffect, useId, useRef, useState } from 'react';

import type { CarrierTargetView, SessionResponse } from '../../../server/http/api-types';
import { manageRefusal } from '../../access';
import { asApiError, useApiSession } from '../../api';
import { useAttention } from '../../hooks/attention';
import { deleteCarrierMapping, useCarrierMappings } from '../../hooks/mappings';
import { ApiErrorMessage } from '../ApiErrorMessage';
import { LoadingState } from '../LoadingState';
import { TextField } from '../TextField';
import { CarrierEditor, providerLabel } from './CarrierEditor';
import { Notice } from '../Notice';

type Source = 'merchant' | 'default' | 'unmapped';

interface CarrierRow {
  iomCarrier: string;
  target: CarrierTargetView | null;
  source: Source;
  /** Orders whose shipments wait for this carrier. */
  waiting: number;
}

const SOURCE_BADGES: Record<Source, { label: string; variant: 'success' | 'secondary' | 'danger' }> = {
  merchant: { label: 'Your mapping', variant: 'success' },
  default: { label: 'Built in', variant: 'secondary' },
  unmapped: { label: 'Not mapped', variant: 'danger' },
};

/** IOM carrier → BigCommerce shipping provider and tracking carrier, edited in place. */
export function CarriersPanel({ access }: { access: SessionResponse }) {
  const session = useApiSession();
  const headerId = useId();
  const carriers = useCarrierMappings();
  const attention = useAttention();
  const [editing, setEditing] = useState<string | null>(null);
  const [adding, setAdding] = useState('');
  const [feedback, setFeedback] = useState<{ type: 'success' | 'error'; text: string } | null>(null);
  const refusal = manageRefusal(access, 'map IOM carriers');
  const editorRef = useRef<HTMLDivElement>(null);
  // The editor opens under the table: bring it into view with the focus on its first field.
  useEffect(() => {
    if (!editing || !editorRef.current) return;
    editorRef.current.scrollIntoView?.({ block: 'nearest' });
    editorRef.current.querySelector<HTMLInputElement>('input')?.focus();
  }, [editing]);

  if (!carriers.data) {
    return carriers.error ? (
      <ApiErrorMessage
        error={carriers.error}
        header="The carrier mappings could not be loaded"
        onRetry={() => void carriers.mutate()}
        retrying={carriers.isValidating}
      />
    ) : (
      <LoadingState label="Loading the carrier mappings…" />
    );
  }

  const waiting = new Map<string, number>();
  for (const group of attention.data?.groups ?? [])
    for (const c of group.carriers ?? []) waiting.set(c.carrier, c.orders.length);
  const rows = new Map<string, CarrierRow>();
  const key = (name: string) => name.toLowerCase().replace(/[^a-z0-9]/g, '');
  for (const d of carriers.data.defaults)
    rows.set(key(d.iomCarrier), { iomCarrier: d.iomCarrier, target: d, source: 'default', waiting: 0 });
  for (const o of carriers.data.overrides)
    rows.set(key(o.iomCarrier), { iomCarrier: o.iomCarrier, target: o, source: 'merchant', waiting: 0 });
  for (const [name, count] of waiting) {
    const row = rows.get(key(name));
    if (row) row.waiting = count;
    else rows.set(key(name), { iomCarrier: name, target: null, source: 'unmapped', waiting: count });
  }
  const list = [...rows.values()].sort(
    (a, b) =>
      Number(b.source === 'unmapped') - Number(a.source === 'unmapped') ||
      a.iomCarrier.localeCompare(b.iomCarrier),
  );
  const editRow = list.find((r) => r.iomCarrier === editing) ?? null;

  const saved = (name: string, requeued: number[]) => {
    setEditing(null);
    setAdding('');
    setFeedback({
      type: 'success',
      text: `${name} is mapped.${requeued.length > 0 ? ` ${requeued.length === 1 ? '1 order’s shipments are' : `${requeued.length} orders’ shipments are`} being written to BigCommerce.` : ''}`,
    });
    void carriers.mutate();
    void attention.mutate();
  };

  const reset = async (name: string) => {
    try {
      await deleteCarrierMapping(session, name);
      setFeedback({ type: 'success', text: `${name} uses the built-in mapping again (if there is one).` });
      void carriers.mutate();
    } catch (error) {
      setFeedback({ type: 'error', text: asApiError(error).message });
    }
  };

  return (
    <Panel
      aria-labelledby={headerId}
      description="Each IOM shipment becomes a BigCommerce shipment with the carrier named here. A carrier not listed and not built in holds its shipments until you map it."
      header="Carriers"
      headerId={headerId}
      margin="none"
      role="region"
    >
      {refusal && <Notice marginBottom="medium" messages={[{ text: refusal }]} type="info" />}
      {feedback && (
        <Notice
          role="alert"
          marginBottom="medium"
          messages={[{ text: feedback.text }]}
          type={feedback.type}
        />
      )}
      <Table
        columns={[
          {
            header: 'IOM carrier',
            hash: 'iomCarrier',
            render: (row: CarrierRow) => (
              <span>
                {row.iomCarrier}
                {row.waiting > 0 && (
                  <Text as="span" color="danger" margin="none">
                    {' '}
                    · {row.waiting === 1 ? '1 order waits' : `${row.waiting} orders wait`}
                  </Text>
                )}
              </span>
            ),
          },
          {
            header: 'Shipping provider',
            hash: 'provider',
            render: (row: CarrierRow) => (row.target ? providerLabel(row.target.shippingProvider) : '—'),
          },
          {
            header: 'Tracking carrier',
            hash: 'tracking',
            render: (row: CarrierRow) => (row.target ? row.target.trackingCarrier || 'None' : '—'),
          },
          {
            header: 'Source',
            hash: 'source',
            render: (row: CarrierRow) => <Badge {...SOURCE_BADGES[row.source]} />,
          },
          {
            header: 'Actions',
            hash: 'actions',
            align: 'right',
            render: (row: CarrierRow) => (
              <Flex flexGap="0.25rem" justifyContent="flex-end">
                <Button
                  aria-label={`${row.source === 'unmapped' ? 'Map' : 'Change'} ${row.iomCarrier}`}
                  disabled={refusal !== null}
                  onClick={() => setEditing(row.iomCarrier)}
                  type="button"
                  variant="subtle"
                >
                  {row.source === 'unmapped' ? 'Map' : 'Change'}
                </Button>
                {row.source === 'merchant' && (
                  <Button
                    aria-label={`Reset ${row.iomCarrier}`}
                    disabled={refusal !== null}
                    onClick={() => void reset(row.iomCarrier)}
                    type="button"
                    variant="subtle"
                  >
                    Reset
                  </Button>
                )}
              </Flex>
            ),
          },
        ]}
        aria-label="Carrier mappings"
        itemName="Carrier mappings"
        items={list}
        keyField="iomCarrier"
      />
      {editRow && (
        <Box border="box" borderRadius="normal" marginTop="medium" padding="medium" ref={editorRef}>
          <H3>
            {editRow.source === 'unmapped' ? 'Map' : 'Change'} {editRow.iomCarrier}
          </H3>
          <CarrierEditor
            iomCarrier={editRow.iomCarrier}
            initial={editRow.target}
            key={editRow.iomCarrier}
            onCancel={() => setEditing(null)}
            onSaved={(requeued) => saved(editRow.iomCarrier, requeued)}
            readOnlyReason={refusal}
            shippingProviders={carriers.data.shippingProviders}
          />
        </Box>
      )}
      {!editRow && refusal === null && (
        <Box marginTop="large">
          <H3>Add an IOM carrier</H3>
          <TextField
            description="Exactly as IOM names it on its shipments (case and spacing do not matter)."
            label="IOM carrier name"
            onChange={(event) => setAdding(event.target.value)}
            value={adding}
          />
          {adding.trim() && (
            <CarrierEditor
              iomCarrier={adding.trim()}
              initial={null}
              onSaved={(requeued) => saved(adding.trim(), requeued)}
              readOnlyReason={refusal}
              shippingProviders={carriers.data.shippingProviders}
            />
          )}
        </Box>
      )}
    </Panel>
  );
}
