import { Badge, Box, Button, Flex, H3, Panel, Text } from '@bigcommerce/big-design';
import { useId } from 'react';

import type { AttentionGroupView, SessionResponse } from '../../../server/http/api-types';
import type { IomProductView } from '../../../server/http/attention-api-types';
import { manageRefusal } from '../../access';
import { CarrierEditor } from '../mappings/CarrierEditor';
import { useNavigate } from '../Router';
import { MissingSkuFix } from './MissingSkuFix';
import { OrderLinks } from './OrderLinks';
import { causeText, ordersText, retryable } from './causes';
import { Notice } from '../Notice';

/** A retry (or mapping) under way: how many orders were queued, and what was done. */
export interface RetryProgress {
  /** The orders queued again. */
  orders: number[];
  /** What was done first ('' for a plain retry), e.g. "GIFT-CARD-BOX is mapped to Canvas Tote.". */
  what: string;
  /** When (ms since the epoch), so a retry that fails again does not spin for ever. */
  at: number;
}

interface AttentionGroupPanelProps {
  group: AttentionGroupView;
  access: SessionResponse;
  shippingProviders: readonly string[];
  progress: RetryProgress | undefined;
  retrying: boolean;
  onRetry: (group: AttentionGroupView) => void;
  onSkuMapped: (group: AttentionGroupView, sku: string, product: IomProductView, requeued: number[]) => void;
  onCarrierMapped: (group: AttentionGroupView, carrier: string, requeued: number[]) => void;
}

/** One cause: what is wrong in plain words, the fix (inline where it can be), the orders, and a retry of them all. */
export function AttentionGroupPanel({
  group,
  access,
  shippingProviders,
  progress,
  retrying,
  onRetry,
  onSkuMapped,
  onCarrierMapped,
}: AttentionGroupPanelProps) {
  const headerId = useId();
  const navigate = useNavigate();
  const text = causeText(group);
  const side = group.direction === 'outbound' ? 'IOM → BigCommerce' : 'BigCommerce → IOM';
  const carrierRefusal = manageRefusal(access, 'map IOM carriers');

  return (
    <Panel
      aria-labelledby={headerId}
      header={text.title}
      headerId={headerId}
      marginBottom="large"
      role="region"
    >
      <Flex alignItems="center" flexGap="0.5rem" flexWrap="wrap" marginBottom="small">
        <Badge label={ordersText(group.count)} variant="danger" />
        <Badge label={side} variant="secondary" />
      </Flex>
      <Text>{text.explain}</Text>
      {text.explain !== group.message && (
        <Text color="secondary70">
          <strong>IOM Connector says:</strong> {group.message} {group.fix}
        </Text>
      )}
      {progress && (
        <Notice
          marginBottom="medium"
          messages={[
            {
              text: [progress.what, `Retrying ${ordersText(progress.orders.length)}…`]
                .filter(Boolean)
                .join(' '),
            },
          ]}
          type="info"
        />
      )}

      {group.skus && group.skus.length > 0 && (
        <Box marginTop="medium">
          {group.skus.map(({ sku, orders }) => (
            <MissingSkuFix
              key={sku}
              onMapped={(s, product, requeued) => onSkuMapped(group, s, product, requeued)}
              orders={orders}
              sku={sku}
            />
          ))}
        </Box>
      )}

      {group.carriers && group.carriers.length > 0 && (
        <Box marginTop="medium">
          {group.carriers.map((carrier) => (
            <Box
              border="box"
              borderRadius="normal"
              key={carrier.carrier}
              marginBottom="medium"
              padding="medium"
            >
              <H3 margin="none">IOM carrier “{carrier.carrier}”</H3>
              <Text color="secondary60" marginBottom="small">
                Holds the shipments of {ordersText(carrier.orders.length)}:
              </Text>
              <OrderLinks label={`Orders waiting for carrier ${carrier.carrier}`} orders={carrier.orders} />
              <Box marginTop="medium">
                <CarrierEditor
                  iomCarrier={carrier.carrier}
                  initial={null}
                  onSaved={(requeued) => onCarrierMapped(group, carrier.carrier, requeued)}
                  readOnlyReason={carrierRefusal}
                  shippingProviders={shippingProviders}
                />
              </Box>
            </Box>
          ))}
        </Box>
      )}

      {!group.skus && !group.carriers && (
        <Box marginTop="medium">
          <H3>Affected orders</H3>
          <OrderLinks label={`Orders: ${text.title}`} orders={group.orders} />
        </Box>
      )}

      <Flex flexGap="0.75rem" flexWrap="wrap" marginTop="large">
        {retryable(group) && (
          <Button
            disabled={retrying}
            isLoading={retrying}
            onClick={() => onRetry(group)}
            type="button"
            variant={text.page || group.skus || group.carriers ? 'secondary' : 'primary'}
          >
            Retry {group.count === 1 ? 'the order' : `all ${group.count} orders`}
          </Button>
        )}
        {text.page && (
          <Button onClick={() => navigate(text.page!.path)} type="button">
            {text.page.label}
          </Button>
        )}
      </Flex>
    </Panel>
  );
}
