import { Box, Button, Panel, Table, Text } from '@bigcommerce/big-design';
import { useEffect, useId } from 'react';

import type { AutoMatchView } from '../../../server/http/mappings-api-types';
import { useSkuAutoMatches } from '../../hooks/mappings';
import { ApiErrorMessage } from '../ApiErrorMessage';
import { LoadingState } from '../LoadingState';
import { Notice } from '../Notice';

/**
 * The SKUs of recent orders IOM matched by product number, without a mapping, and those it could not
 * match (each can be mapped by hand). Worked out from IOM on each look; nothing of it is stored.
 */
export function AutoMatchPanel({ onMap, version }: { onMap: (sku: string) => void; version: number }) {
  const headerId = useId();
  const auto = useSkuAutoMatches();
  const { mutate } = auto;
  // Worked out again after a mapping changed.
  useEffect(() => {
    if (version > 0) void mutate();
  }, [version, mutate]);

  let body;
  if (auto.data) {
    const { matched, unmatched, ordersScanned, mapped } = auto.data;
    body = (
      <>
        <Text color="secondary60">
          From the last {ordersScanned === 1 ? 'order' : `${ordersScanned} orders`}: {matched.length} SKU
          {matched.length === 1 ? '' : 's'} matched automatically, {mapped} mapped by hand, {unmatched.length}{' '}
          with no IOM product.
        </Text>
        {unmatched.length > 0 && (
          <Notice
            header={
              unmatched.length === 1
                ? '1 SKU matches no IOM product'
                : `${unmatched.length} SKUs match no IOM product`
            }
            marginBottom="medium"
            messages={unmatched.slice(0, 8).map((u) => ({
              text: `${u.sku} (${u.orders === 1 ? '1 order' : `${u.orders} orders`})`,
            }))}
            actions={unmatched
              .slice(0, 3)
              .map((u) => ({ text: `Map ${u.sku}`, onClick: () => onMap(u.sku) }))}
            type="warning"
          />
        )}
        <Table
          columns={[
            { header: 'BigCommerce SKU', hash: 'sku', render: (row: AutoMatchView) => row.sku },
            { header: 'IOM product', hash: 'product', render: (row: AutoMatchView) => row.product.name },
            {
              header: 'Recent orders',
              hash: 'orders',
              align: 'right',
              render: (row: AutoMatchView) => row.orders,
            },
            {
              header: 'Actions',
              hash: 'actions',
              align: 'right',
              render: (row: AutoMatchView) => (
                <Button
                  aria-label={`Map differently ${row.sku}`}
                  onClick={() => onMap(row.sku)}
                  type="button"
                  variant="subtle"
                >
                  Map differently
                </Button>
              ),
            },
          ]}
          emptyComponent={<Text margin="none">No recent order has a SKU IOM matched by product number.</Text>}
          aria-label="SKUs matched automatically"
          itemName="SKUs matched automatically"
          items={matched}
          keyField="sku"
        />
      </>
    );
  } else if (auto.error) {
    body =
      auto.error.code === 'not_connected' ? (
        <Text margin="none">Connect IOM to see which SKUs it matches automatically.</Text>
      ) : (
        <ApiErrorMessage
          error={auto.error}
          header="The automatic matches could not be worked out"
          onRetry={() => void auto.mutate()}
          retrying={auto.isValidating}
        />
      );
  } else {
    body = <LoadingState label="Asking IOM which SKUs it matches…" />;
  }

  return (
    <Panel
      aria-labelledby={headerId}
      description="SKUs IOM found by product number, with no mapping needed. They are worked out from IOM each time (and for each order), not stored."
      header="Matched automatically"
      headerId={headerId}
      marginBottom="large"
      role="region"
    >
      <Box>{body}</Box>
    </Panel>
  );
}
