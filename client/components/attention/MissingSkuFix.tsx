import { Box, Button, Flex, H3, Text } from '@bigcommerce/big-design';
import { useState } from 'react';

import type { IomProductView } from '../../../server/http/attention-api-types';
import { asApiError, useApiSession } from '../../api';
import { saveSkuMapping } from '../../hooks/mappings';
import { ProductPicker } from '../mappings/ProductPicker';
import { OrderLinks } from './OrderLinks';
import { ordersText } from './causes';
import { Notice } from '../Notice';

interface MissingSkuFixProps {
  sku: string;
  orders: readonly number[];
  /** After the mapping was saved: the orders queued again. */
  onMapped: (sku: string, product: IomProductView, requeued: number[]) => void;
}

/** One SKU IOM does not know: the orders it blocks, and a search for the IOM product to map it to. */
export function MissingSkuFix({ sku, orders, onMapped }: MissingSkuFixProps) {
  const session = useApiSession();
  const [product, setProduct] = useState<IomProductView | null>(null);
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const save = async () => {
    if (!product) {
      setError('Search for the IOM product first, then pick it from the list.');
      return;
    }
    setSaving(true);
    setError(null);
    try {
      const response = await saveSkuMapping(session, sku, product.productId);
      onMapped(sku, product, response.requeued);
    } catch (caught) {
      setError(asApiError(caught).message);
    }
    setSaving(false);
  };

  return (
    <Box border="box" borderRadius="normal" marginBottom="medium" padding="medium">
      <H3 margin="none">SKU {sku}</H3>
      <Text color="secondary60" marginBottom="small">
        Blocks {ordersText(orders.length)}:
      </Text>
      <OrderLinks label={`Orders waiting for SKU ${sku}`} orders={orders} />
      <Flex
        alignItems="flex-start"
        flexDirection={{ mobile: 'column', tablet: 'row' }}
        flexGap="0.75rem"
        marginTop="medium"
      >
        <Box style={{ flex: '1 1 18rem', minWidth: 0 }}>
          <ProductPicker label={`IOM product for ${sku}`} onChange={setProduct} value={product} />
        </Box>
        <Box style={{ paddingTop: '1.75rem' }}>
          <Button disabled={saving} isLoading={saving} onClick={() => void save()} type="button">
            Map and send {ordersText(orders.length)}
          </Button>
        </Box>
      </Flex>
      {error && <Notice marginTop="small" messages={[{ text: error }]} type="error" />}
    </Box>
  );
}
