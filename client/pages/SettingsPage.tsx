import {
  Box,
  FormControlDescription,
  FormControlError,
  FormGroup,
  Grid,
  GridItem,
  Link,
  Switch,
  Text,
  type SelectOption,
} from '@bigcommerce/big-design';
import { useId, useState, type ReactNode } from 'react';

import type { SessionResponse, SettingsResponse, SettingsView } from '../../server/http/api-types';
import { manageRefusal } from '../access';
import { useApiSession, useSessionDetails } from '../api';
import { ApiErrorMessage } from '../components/ApiErrorMessage';
import { LoadingState } from '../components/LoadingState';
import { OutboundSettingsPanel } from '../components/OutboundSettingsPanel';
import { PageLayout } from '../components/PageLayout';
import { PushSecretPanel } from '../components/PushSecretPanel';
import { NotificationsPanel } from '../components/settings/NotificationsPanel';
import { PurgePanel } from '../components/settings/PurgePanel';
import { StoreLinksPanel } from '../components/settings/StoreLinksPanel';
import { useNavigate } from '../components/Router';
import { SelectField } from '../components/SelectField';
import { TextField } from '../components/TextField';
import { saveSettings, useConnection, useMasterData, useSettings, type MasterDataKind } from '../hooks/relay';
import {
  changedSettings,
  describeSettingsErrors,
  settingsFieldErrors,
  settingsFormValues,
  type SettingsField,
  type SettingsFormValues,
} from '../settings-form';
import { SaveFormPanel } from '../components/SaveFormPanel';
import { useSaveForm } from '../components/useSaveForm';
import { Notice } from '../components/Notice';

/** '' stands for "none" in the optional selects. */
const NONE = '';

const ACCOUNT_STRATEGIES: Array<SelectOption<SettingsView['accountStrategy']>> = [
  { value: 'default', content: 'No — book every order to the IOM account' },
  { value: 'per-customer', content: 'Yes — the customer’s own IOM account, else the IOM account' },
];

const UNMAPPED_POLICIES: Array<SelectOption<SettingsView['unmappedSkuPolicy']>> = [
  { value: 'park', content: 'Park the order until the SKU is mapped' },
  { value: 'write-in', content: 'Send the line as a write-in product' },
];

interface MasterDataSelectProps {
  kind: MasterDataKind;
  /** What the rows are, e.g. "accounts" (for the loading and error messages). */
  what: string;
  label: string;
  value: string | null;
  optional: boolean;
  description?: string;
  error?: string;
  disabled: boolean;
  onChange: (value: string | null) => void;
}

/** A Select of IOM rows (accounts, price lists, …) loaded from the connected environment. */
function MasterDataSelect({
  kind,
  what,
  label,
  value,
  optional,
  description,
  error,
  disabled,
  onChange,
}: MasterDataSelectProps) {
  const rows = useMasterData(kind);
  if (rows.error && !rows.data) {
    return (
      <FormGroup>
        <ApiErrorMessage
          error={rows.error}
          header={`The IOM ${what} could not be loaded`}
          onRetry={() => void rows.mutate()}
          retrying={rows.isValidating}
        />
        {error && <FormControlError>{error}</FormControlError>}
      </FormGroup>
    );
  }
  const options: Array<SelectOption<string>> = (rows.data?.items ?? []).map((item) => ({
    value: item.id,
    content: item.name,
    description: item.detail ?? undefined,
  }));
  // A saved id beyond the first page of rows still shows (as its id) instead of an empty field.
  if (value && rows.data && !options.some((option) => option.value === value)) {
    options.unshift({ value, content: value, description: 'Saved; not among the rows IOM listed' });
  }
  if (optional) options.unshift({ value: NONE, content: 'None' });
  const help = [
    description,
    rows.data?.truncated
      ? `Only the first ${rows.data.items.length} ${what} are listed; type to filter.`
      : null,
  ]
    .filter(Boolean)
    .join(' ');
  return (
    <SelectField<string>
      description={help || undefined}
      disabled={disabled || !rows.data}
      error={error}
      label={label}
      name={kind}
      onChange={(next) => onChange(next === NONE ? null : next)}
      options={options}
      placeholder={rows.data ? (optional ? 'None' : `Choose from your IOM ${what}`) : `Loading ${what}…`}
      required={!optional}
      value={value ?? (optional && rows.data ? NONE : undefined)}
    />
  );
}

/** Which statuses are imported is a status mapping: it is changed on the Mappings page, and only named here. */
function ImportedStatusesNote({
  statuses,
  value,
}: {
  statuses: Record<string, string>;
  value: readonly number[];
}) {
  const navigate = useNavigate();
  const names = value.map((id) => statuses[String(id)] ?? `status ${id}`);
  return (
    <Box marginBottom="large">
      <Text bold margin="none">
        Statuses to import
      </Text>
      <Text color="secondary60" margin="none">
        {names.length > 0 ? names.join(', ') : 'None: no order is sent.'}{' '}
        <Link
          href="/mappings"
          style={{ textDecoration: 'underline' }}
          onClick={(event) => {
            event.preventDefault();
            navigate('/mappings');
          }}
        >
          Change them in Mappings › Order statuses
        </Link>
      </Text>
    </Box>
  );
}

function ConnectIomFirst() {
  const navigate = useNavigate();
  return (
    <Box marginBottom="large">
      <Notice
        header="Connect IOM first"
        marginBottom="small"
        messages={[
          {
            text: 'The IOM account, price list, unit and warehouse are chosen from your IOM environment, so IOM Connector has to be connected to it first.',
          },
        ]}
        type="warning"
      />
      <Link
        href="/connection"
        onClick={(event) => {
          event.preventDefault();
          navigate('/connection');
        }}
      >
        Connect IOM on the IOM connection page
      </Link>
    </Box>
  );
}

interface SettingsFormProps {
  saved: SettingsResponse;
  connected: boolean;
  access: SessionResponse;
  onSaved: (response: SettingsResponse) => void;
}

function SettingsForm({ saved, connected, access, onSaved }: SettingsFormProps) {
  const session = useApiSession();
  const switchId = useId();
  const switchHelpId = useId();
  const switchErrorId = useId();
  const readOnlyReason = manageRefusal(access, 'change the settings that decide which orders go to IOM');
  const readOnly = readOnlyReason !== null;
  const [values, setValues] = useState<SettingsFormValues>(() => settingsFormValues(saved.settings));
  const { saving, feedback, errors, save, edited } = useSaveForm({
    changes: () => changedSettings(values, saved.settings),
    nothingChanged: 'No setting was changed.',
    send: (changes) => saveSettings(session, changes),
    saved: (response) => {
      onSaved(response);
      setValues(settingsFormValues(response.settings));
      return {
        header: 'Settings saved',
        text: response.settings.syncEnabled
          ? 'New and changed orders that qualify are sent to IOM with these settings.'
          : 'Syncing is off: no orders are sent to IOM until you turn it on.',
      };
    },
    notSaved: 'The settings were not saved',
    fieldErrors: settingsFieldErrors,
    summarize: describeSettingsErrors,
  });

  const change = <K extends SettingsField>(field: K, value: SettingsFormValues[K]) => {
    setValues((current) => ({ ...current, [field]: value }));
    edited(field);
  };

  const masterData = (children: ReactNode) => (connected ? children : null);

  return (
    <SaveFormPanel
      description="Which BigCommerce orders IOM Connector sends to Intelligent Order Management, and how they are booked there."
      feedback={feedback}
      header="Sync orders"
      onSave={save}
      saving={saving}
      readOnlyReason={readOnlyReason}
      spaceAbove="none"
    >
      <Grid
        gridColumns={{ mobile: 'minmax(0, 1fr)', desktop: 'minmax(0, 1fr) minmax(0, 1fr)' }}
        gridColumnGap="2rem"
      >
        <GridItem>
          <FormGroup>
            <Box>
              <Box style={{ display: 'flex', alignItems: 'center', gap: '0.75rem', paddingLeft: '0.25rem' }}>
                <Switch
                  aria-describedby={[switchHelpId, errors.syncEnabled ? switchErrorId : null]
                    .filter(Boolean)
                    .join(' ')}
                  checked={values.syncEnabled}
                  disabled={readOnly}
                  aria-labelledby={`${switchId}-label`}
                  id={switchId}
                  name="syncEnabled"
                  onChange={(event) => change('syncEnabled', event.target.checked)}
                />
                <Text as="span" bold margin="none">
                  <label htmlFor={switchId} id={`${switchId}-label`}>
                    Sync orders to IOM
                  </label>
                </Text>
              </Box>
              <FormControlDescription id={switchHelpId}>
                {values.syncEnabled
                  ? 'On: orders that qualify are sent to IOM as they come in.'
                  : 'Off: no order is sent to IOM.'}
              </FormControlDescription>
              {errors.syncEnabled && (
                <FormControlError id={switchErrorId}>{errors.syncEnabled}</FormControlError>
              )}
            </Box>
          </FormGroup>
          {!connected && <ConnectIomFirst />}
          {masterData(
            <>
              <MasterDataSelect
                disabled={readOnly}
                error={errors.defaultAccountId}
                kind="accounts"
                label="IOM account"
                onChange={(value) => change('defaultAccountId', value)}
                optional={false}
                value={values.defaultAccountId}
                what="accounts"
              />
              <MasterDataSelect
                disabled={readOnly}
                error={errors.priceListId}
                kind="price-lists"
                label="Price list"
                onChange={(value) => change('priceListId', value)}
                optional={false}
                value={values.priceListId}
                what="price lists"
              />
              <MasterDataSelect
                description="Optional: the unit for products without a default unit."
                disabled={readOnly}
                error={errors.unitId}
                kind="units"
                label="Default unit"
                onChange={(value) => change('unitId', value)}
                optional
                value={values.unitId}
                what="units"
              />
              <MasterDataSelect
                description="Optional: the warehouse orders are fulfilled from."
                disabled={readOnly}
                error={errors.warehouseId}
                kind="warehouses"
                label="Warehouse"
                onChange={(value) => change('warehouseId', value)}
                optional
                value={values.warehouseId}
                what="warehouses"
              />
            </>,
          )}
        </GridItem>
        <GridItem>
          <SelectField<SettingsView['accountStrategy']>
            disabled={readOnly}
            error={errors.accountStrategy}
            label="Account per customer"
            name="accountStrategy"
            onChange={(value) => change('accountStrategy', value)}
            options={ACCOUNT_STRATEGIES}
            value={values.accountStrategy}
          />
          <SelectField<SettingsView['unmappedSkuPolicy']>
            description="A line whose SKU has no IOM product."
            disabled={readOnly}
            error={errors.unmappedSkuPolicy}
            label="Unmapped SKUs"
            name="unmappedSkuPolicy"
            onChange={(value) => change('unmappedSkuPolicy', value)}
            options={UNMAPPED_POLICIES}
            value={values.unmappedSkuPolicy}
          />
          <ImportedStatusesNote statuses={saved.statuses} value={values.statusAllowList} />
          <TextField
            description="Optional: orders placed before this date are not sent."
            disabled={readOnly}
            error={errors.goLiveDate}
            label="Go-live date"
            name="goLiveDate"
            onChange={(event) => change('goLiveDate', event.target.value)}
            type="date"
            value={values.goLiveDate}
          />
        </GridItem>
      </Grid>
    </SaveFormPanel>
  );
}

/** The connection and users at a glance; which orders go to IOM and with which IOM account, price list,
 *  unit and warehouse; how IOM's fulfillment comes back (IOM → BigCommerce); the secret IOM pushes its
 *  changes with; who gets the failure e-mails; and disconnect and purge. */
export function SettingsPage() {
  const settings = useSettings();
  const connection = useConnection();
  const details = useSessionDetails();
  const navigate = useNavigate();

  const error = settings.error ?? connection.error ?? details.error;
  let body: ReactNode;
  if (settings.data && connection.data && details.data) {
    const onSaved = (response: SettingsResponse) => void settings.mutate(response, { revalidate: false });
    const afterDisconnect = (what: 'disconnected' | 'purged') => {
      void connection.mutate();
      void settings.mutate();
      // Purged, the store starts again at connecting IOM.
      if (what === 'purged') navigate('/');
    };
    body = (
      <>
        <StoreLinksPanel access={details.data} connection={connection.data.connection} />
        <SettingsForm
          access={details.data}
          connected={connection.data.connection !== null}
          onSaved={onSaved}
          saved={settings.data}
        />
        <OutboundSettingsPanel access={details.data} onSaved={onSaved} saved={settings.data} />
        <PushSecretPanel access={details.data} />
        <NotificationsPanel access={details.data} onSaved={onSaved} saved={settings.data} />
        <PurgePanel
          access={details.data}
          environmentUrl={connection.data.connection?.environmentUrl ?? null}
          onDone={afterDisconnect}
        />
      </>
    );
  } else if (error) {
    body = (
      <ApiErrorMessage
        error={error}
        header="The settings could not be loaded"
        onRetry={() => {
          void settings.mutate();
          void connection.mutate();
          void details.mutate();
        }}
        retrying={settings.isValidating || connection.isValidating || details.isValidating}
      />
    );
  } else {
    body = <LoadingState label="Loading the settings…" />;
  }
  return <PageLayout>{body}</PageLayout>;
}
