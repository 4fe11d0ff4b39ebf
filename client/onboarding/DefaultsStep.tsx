import { Grid, GridItem, Radio, FormGroup, Text } from '@bigcommerce/big-design';
import { useEffect, useState } from 'react';

import type { MasterDataResponse, SettingsResponse, SettingsView } from '../../server/http/api-types';
import { LoadingState } from '../components/LoadingState';
import { Notice } from '../components/Notice';
import { SelectField } from '../components/SelectField';
import { useMasterData, type MasterDataKind } from '../hooks/relay';
import { SettingsStepForm, useSettingsStepSave } from './SettingsStepForm';

type Defaults = Pick<
  SettingsView,
  'accountStrategy' | 'defaultAccountId' | 'priceListId' | 'unitId' | 'warehouseId'
>;
type IdField = Exclude<keyof Defaults, 'accountStrategy'>;

const PICKERS: ReadonlyArray<{ field: IdField; kind: MasterDataKind; label: string; description: string }> = [
  {
    field: 'defaultAccountId',
    kind: 'accounts',
    label: 'IOM account',
    description: 'The customer account in IOM the orders are booked to.',
  },
  {
    field: 'priceListId',
    kind: 'price-lists',
    label: 'Price list',
    description: 'Orders use this price list, and its currency.',
  },
  {
    field: 'unitId',
    kind: 'units',
    label: 'Unit',
    description: 'The unit of a line whose product has none.',
  },
  {
    field: 'warehouseId',
    kind: 'warehouses',
    label: 'Warehouse',
    description: 'Where IOM fulfils the orders from.',
  },
];

/** The saved value if IOM still has it, else the first row (the only one, often). */
function pick(saved: string | null, data: MasterDataResponse | undefined): string | null {
  if (!data) return saved;
  if (saved && data.items.some((item) => item.id === saved)) return saved;
  return data.items[0]?.id ?? null;
}

interface DefaultsStepProps {
  settings: SettingsView;
  onSaved: (response: SettingsResponse) => void;
  onBack: () => void;
}

/** Step 3: the IOM references every order needs, picked from IOM's own master data. */
export function DefaultsStep({ settings, onSaved, onBack }: DefaultsStepProps) {
  const step = useSettingsStepSave(onSaved);
  const lists = {
    defaultAccountId: useMasterData('accounts'),
    priceListId: useMasterData('price-lists'),
    unitId: useMasterData('units'),
    warehouseId: useMasterData('warehouses'),
  };
  const [values, setValues] = useState<Defaults>(() => ({
    accountStrategy: settings.accountStrategy,
    defaultAccountId: settings.defaultAccountId,
    priceListId: settings.priceListId,
    unitId: settings.unitId,
    warehouseId: settings.warehouseId,
  }));

  // Pre-select as each list arrives: the saved value if IOM has it, else the first row.
  const accounts = lists.defaultAccountId.data;
  const priceLists = lists.priceListId.data;
  const units = lists.unitId.data;
  const warehouses = lists.warehouseId.data;
  useEffect(() => {
    setValues((current) => ({
      ...current,
      defaultAccountId: pick(current.defaultAccountId, accounts),
      priceListId: pick(current.priceListId, priceLists),
      unitId: pick(current.unitId, units),
      warehouseId: pick(current.warehouseId, warehouses),
    }));
  }, [accounts, priceLists, units, warehouses]);

  const listError = PICKERS.map(({ field }) => lists[field].error).find(Boolean);
  const loading = PICKERS.some(({ field }) => !lists[field].data && !lists[field].error);

  return (
    <SettingsStepForm
      disabled={loading}
      header="Choose the IOM defaults"
      notSaved="The defaults were not saved"
      onBack={onBack}
      onSubmit={() => step.save(values)}
      step={step}
    >
      <Text color="secondary60">
        Every order needs these IOM references. They come from your IOM environment; change them any time in
        Settings.
      </Text>
      {listError && (
        <Notice
          header="IOM’s lists could not be loaded"
          marginBottom="medium"
          messages={[{ text: listError.message }]}
          type="error"
        />
      )}
      {loading ? (
        <LoadingState label="Loading accounts, price lists, units and warehouses from IOM…" />
      ) : (
        <Grid
          gridColumns={{ mobile: 'minmax(0, 1fr)', tablet: 'repeat(2, minmax(0, 1fr))' }}
          gridGap="0 1.5rem"
        >
          {PICKERS.map(({ field, label, description }) => {
            const items = lists[field].data?.items ?? [];
            return (
              <GridItem key={field}>
                <SelectField<string>
                  description={
                    items.length === 0
                      ? `IOM has no ${label.toLowerCase()} yet: add one in IOM, then come back.`
                      : description
                  }
                  error={step.errors[field]}
                  label={label}
                  name={field}
                  onChange={(value) => setValues((current) => ({ ...current, [field]: value }))}
                  options={items.map((item) => ({
                    value: item.id,
                    content: item.detail ? `${item.name} (${item.detail})` : item.name,
                  }))}
                  placeholder={`Choose the ${label.toLowerCase()}`}
                  required={field === 'defaultAccountId' || field === 'priceListId'}
                  value={values[field] ?? undefined}
                />
              </GridItem>
            );
          })}
          <GridItem aria-label="Which IOM account" role="radiogroup">
            <FormGroup>
              <Radio
                checked={values.accountStrategy === 'default'}
                label="Book every order to the IOM account"
                name="accountStrategy"
                onChange={() => setValues((current) => ({ ...current, accountStrategy: 'default' }))}
                value="default"
              />
              <Radio
                checked={values.accountStrategy === 'per-customer'}
                label="Use the customer’s own IOM account when there is one"
                name="accountStrategy"
                onChange={() => setValues((current) => ({ ...current, accountStrategy: 'per-customer' }))}
                value="per-customer"
              />
            </FormGroup>
          </GridItem>
        </Grid>
      )}
    </SettingsStepForm>
  );
}
