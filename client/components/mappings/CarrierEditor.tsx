import { Box, Button, Flex } from '@bigcommerce/big-design';
import { useState } from 'react';

import type { CarrierTargetView } from '../../../server/http/api-types';
import { asApiError, useApiSession } from '../../api';
import { saveCarrierMapping } from '../../hooks/mappings';
import { SelectField } from '../SelectField';
import { TextField } from '../TextField';
import { Notice } from '../Notice';

interface CarrierEditorProps {
  iomCarrier: string;
  initial: CarrierTargetView | null;
  shippingProviders: readonly string[];
  /** Why the user may not save (read-only), or null. */
  readOnlyReason: string | null;
  onSaved: (requeued: number[]) => void;
  onCancel?: () => void;
}

/** BigCommerce's label for a shipping_provider value. */
export function providerLabel(provider: string): string {
  return provider === '' ? 'None' : provider;
}

/** Which BigCommerce shipping provider and tracking carrier a shipment by `iomCarrier` is created with. */
export function CarrierEditor({
  iomCarrier,
  initial,
  shippingProviders,
  readOnlyReason,
  onSaved,
  onCancel,
}: CarrierEditorProps) {
  const session = useApiSession();
  const [provider, setProvider] = useState(initial?.shippingProvider ?? '');
  const [tracking, setTracking] = useState(initial?.trackingCarrier ?? '');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [error, setError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const providers = shippingProviders.includes(provider)
    ? shippingProviders
    : [...shippingProviders, provider];

  const save = async () => {
    setSaving(true);
    setErrors({});
    setError(null);
    try {
      const response = await saveCarrierMapping(session, iomCarrier, {
        shippingProvider: provider,
        trackingCarrier: tracking.trim(),
      });
      onSaved(response.requeued);
    } catch (caught) {
      const apiError = asApiError(caught);
      const byField = Object.fromEntries(apiError.fields.map((f) => [f.field, f.message]));
      setErrors(byField);
      if (apiError.fields.length === 0) setError(apiError.message);
    }
    setSaving(false);
  };

  return (
    <Box>
      {readOnlyReason && <Notice marginBottom="small" messages={[{ text: readOnlyReason }]} type="info" />}
      <Flex alignItems="flex-start" flexDirection={{ mobile: 'column', tablet: 'row' }} flexGap="0.75rem">
        <Box style={{ flex: '1 1 12rem' }}>
          <SelectField<string>
            disabled={readOnlyReason !== null}
            error={errors.shippingProvider}
            label={`Shipping provider for ${iomCarrier}`}
            onChange={setProvider}
            options={providers.map((p) => ({ value: p, content: providerLabel(p) }))}
            value={provider}
          />
        </Box>
        <Box style={{ flex: '1 1 12rem' }}>
          <TextField
            disabled={readOnlyReason !== null}
            error={errors.trackingCarrier}
            label={`Tracking carrier for ${iomCarrier}`}
            onChange={(event) => setTracking(event.target.value)}
            placeholder="e.g. ups, royal-mail"
            value={tracking}
          />
        </Box>
        <Flex flexGap="0.5rem" style={{ paddingTop: '1.75rem' }}>
          <Button
            disabled={saving || readOnlyReason !== null}
            isLoading={saving}
            onClick={() => void save()}
            type="button"
          >
            Save
          </Button>
          {onCancel && (
            <Button onClick={onCancel} type="button" variant="subtle">
              Cancel
            </Button>
          )}
        </Flex>
      </Flex>
      {error && <Notice marginTop="small" messages={[{ text: error }]} type="error" />}
    </Box>
  );
}
