import {
  Box,
  FormControlDescription,
  FormControlError,
  FormGroup,
  Grid,
  GridItem,
  Switch,
  Text,
  type SelectOption,
} from '@bigcommerce/big-design';
import { useId, useState } from 'react';

import type { SessionResponse, SettingsResponse, OutboundSettingsView } from '../../server/http/api-types';
import { manageRefusal } from '../access';
import { useApiSession } from '../api';
import { saveOutboundSettings } from '../hooks/relay';
import {
  changedOutbound,
  outboundFieldErrors,
  outboundFormValues,
  type OutboundField,
  type OutboundFormValues,
} from '../outbound-form';
import { SelectField } from './SelectField';
import { TextField } from './TextField';
import { SaveFormPanel } from './SaveFormPanel';
import { useSaveForm } from './useSaveForm';

const CANCEL_POLICIES: Array<SelectOption<OutboundSettingsView['onBigCommerceCancel']>> = [
  { value: 'cancel', content: 'Cancel the order in IOM too' },
  { value: 'record', content: 'Only note it on the order' },
];

interface OutboundSettingsPanelProps {
  saved: SettingsResponse;
  access: SessionResponse;
  onSaved: (response: SettingsResponse) => void;
}

/**
 * IOM → BigCommerce, what is not a mapping: a cancellation in BigCommerce, refunds of returns, how often
 * IOM is looked at. The status map and its locks are on the Mappings page (StatusMapPanel).
 */
export function OutboundSettingsPanel({ saved, access, onSaved }: OutboundSettingsPanelProps) {
  const session = useApiSession();
  const refundsId = useId();
  const refundsHelpId = useId();
  const readOnlyReason = manageRefusal(access, 'change how IOM’s fulfillment is written back to BigCommerce');
  const readOnly = readOnlyReason !== null;
  const [values, setValues] = useState<OutboundFormValues>(() => outboundFormValues(saved.settings.outbound));
  const { saving, feedback, errors, save, edited } = useSaveForm({
    changes: () => changedOutbound(values, saved.settings.outbound),
    nothingChanged: 'No setting was changed.',
    send: (changes) => saveOutboundSettings(session, changes),
    saved: (response) => {
      onSaved(response);
      setValues(outboundFormValues(response.settings.outbound));
      return {
        header: 'Settings saved',
        text: 'IOM’s fulfillment is written back to BigCommerce with these settings.',
      };
    },
    notSaved: 'The settings were not saved',
    fieldErrors: outboundFieldErrors,
  });

  const edit = (field: OutboundField, next: (current: OutboundFormValues) => OutboundFormValues) => {
    setValues(next);
    edited(field);
  };

  return (
    <SaveFormPanel
      description="How what IOM does to an order (shipments, cancellations, returns) is written back to the BigCommerce order. Which status each sets is under Mappings › Order statuses."
      feedback={feedback}
      header="IOM → BigCommerce"
      onSave={save}
      saving={saving}
      readOnlyReason={readOnlyReason}
      spaceAbove="large"
    >
      <Grid
        gridColumns={{ mobile: 'minmax(0, 1fr)', desktop: 'minmax(0, 1fr) minmax(0, 1fr)' }}
        gridColumnGap="2rem"
      >
        <GridItem>
          <SelectField<OutboundSettingsView['onBigCommerceCancel']>
            description="When an order is cancelled in BigCommerce."
            disabled={readOnly}
            error={errors.onBigCommerceCancel}
            label="Cancelled in BigCommerce"
            name="onBigCommerceCancel"
            onChange={(value) =>
              edit('onBigCommerceCancel', (current) => ({ ...current, onBigCommerceCancel: value }))
            }
            options={CANCEL_POLICIES}
            value={values.onBigCommerceCancel}
          />
          <TextField
            description="Seconds between looks at IOM’s changes, 5 to 3600. Empty: the app’s default."
            disabled={readOnly}
            error={errors.pollIntervalSeconds}
            inputMode="numeric"
            label="Check IOM every (seconds)"
            name="pollIntervalSeconds"
            onChange={(event) => {
              const text = event.target.value;
              edit('pollIntervalSeconds', (current) => ({ ...current, pollIntervalSeconds: text }));
            }}
            value={values.pollIntervalSeconds}
          />
        </GridItem>
        <GridItem>
          <FormGroup>
            <Box>
              <Box style={{ display: 'flex', alignItems: 'center', gap: '0.75rem', paddingLeft: '0.25rem' }}>
                <Switch
                  aria-describedby={refundsHelpId}
                  checked={values.refundsEnabled}
                  disabled={readOnly}
                  aria-labelledby={`${refundsId}-label`}
                  id={refundsId}
                  name="refundsEnabled"
                  onChange={(event) => {
                    const checked = event.target.checked;
                    edit('refundsEnabled', (current) => ({ ...current, refundsEnabled: checked }));
                  }}
                />
                <Text as="span" bold margin="none">
                  <label htmlFor={refundsId} id={`${refundsId}-label`}>
                    Refund returns in BigCommerce
                  </label>
                </Text>
              </Box>
              <FormControlDescription id={refundsHelpId}>
                {values.refundsEnabled
                  ? 'On: a return IOM receives also refunds the money in BigCommerce.'
                  : 'Off: a return only changes the order status; refund by hand.'}
              </FormControlDescription>
              {errors.refundsEnabled && <FormControlError>{errors.refundsEnabled}</FormControlError>}
            </Box>
          </FormGroup>
        </GridItem>
      </Grid>
    </SaveFormPanel>
  );
}
