import {
  FormControlError,
  FormGroup,
  Grid,
  GridItem,
  H3,
  MultiSelect,
  Text,
  type SelectOption,
} from '@bigcommerce/big-design';
import { useId, useState } from 'react';

import type { SessionResponse, SettingsResponse } from '../../../server/http/api-types';
import { manageRefusal } from '../../access';
import { useApiSession } from '../../api';
import { saveStatusMappings } from '../../hooks/mappings';
import {
  OUTCOME_LABELS,
  changedOutbound,
  outboundFieldErrors,
  outboundFormValues,
  type OutboundField,
  type OutboundFormValues,
} from '../../outbound-form';
import { SelectField } from '../SelectField';
import { SaveFormPanel } from '../SaveFormPanel';
import { useSaveForm } from '../useSaveForm';

/** The select's stand-in for "null: leave the status alone". */
const LEAVE = -1;

interface StatusMapPanelProps {
  saved: SettingsResponse;
  access: SessionResponse;
  onSaved: (response: SettingsResponse) => void;
}

type StatusField = OutboundField | 'statusAllowList';

const sameSet = (a: readonly number[], b: readonly number[]) =>
  [...a].sort((x, y) => x - y).join() === [...b].sort((x, y) => x - y).join();

/**
 * Order statuses both ways: which BigCommerce statuses send an order to IOM, which BigCommerce status
 * each IOM outcome sets, and the statuses the relay never changes (locks).
 */
export function StatusMapPanel({ saved, access, onSaved }: StatusMapPanelProps) {
  const session = useApiSession();
  const allowErrorId = useId();
  const lockedErrorId = useId();
  const readOnlyReason = manageRefusal(access, 'change the status mappings');
  const readOnly = readOnlyReason !== null;
  const [allowList, setAllowList] = useState<number[]>(() => [...saved.settings.statusAllowList]);
  const [values, setValues] = useState<OutboundFormValues>(() => outboundFormValues(saved.settings.outbound));
  const statusOptions: Array<SelectOption<number>> = Object.entries(saved.statuses).map(([id, name]) => ({
    value: Number(id),
    content: name,
  }));
  const mapOptions: Array<SelectOption<number>> = [
    { value: LEAVE, content: 'Leave the status as it is' },
    ...statusOptions,
  ];

  const { saving, feedback, errors, save, edited } = useSaveForm({
    changes: () => {
      const outbound = changedOutbound(values, saved.settings.outbound);
      return {
        ...(sameSet(allowList, saved.settings.statusAllowList) ? {} : { statusAllowList: allowList }),
        ...(Object.keys(outbound).length > 0 ? { outbound } : {}),
      };
    },
    nothingChanged: 'No status was changed.',
    send: (changes) => saveStatusMappings(session, changes),
    saved: (response) => {
      onSaved(response);
      setAllowList([...response.settings.statusAllowList]);
      setValues(outboundFormValues(response.settings.outbound));
      return {
        header: 'Status mappings saved',
        text: 'New orders and IOM’s next updates follow these statuses.',
      };
    },
    notSaved: 'The status mappings were not saved',
    fieldErrors: (fields): { byField: Partial<Record<StatusField, string>>; other: string[] } => {
      const allowFields = fields.filter((f) => f.field.startsWith('statusAllowList'));
      const { byField, other } = outboundFieldErrors(
        fields.filter((f) => !f.field.startsWith('statusAllowList')),
      );
      return {
        byField: { ...byField, ...(allowFields[0] ? { statusAllowList: allowFields[0].message } : {}) },
        other,
      };
    },
  });

  return (
    <SaveFormPanel
      description="Which orders go to IOM by their BigCommerce status, and which BigCommerce status each thing IOM does sets."
      feedback={feedback}
      header="Order statuses"
      onSave={save}
      saving={saving}
      readOnlyHeader="You can view these mappings"
      readOnlyReason={readOnlyReason}
      spaceAbove="none"
    >
      <Grid
        gridColumns={{ mobile: 'minmax(0, 1fr)', desktop: 'minmax(0, 1fr) minmax(0, 1fr)' }}
        gridColumnGap="2rem"
      >
        <GridItem>
          <H3>BigCommerce → IOM</H3>
          <FormGroup>
            <MultiSelect<number>
              aria-describedby={errors.statusAllowList ? allowErrorId : undefined}
              aria-invalid={errors.statusAllowList ? true : undefined}
              description="An order is sent to IOM once it reaches one of these statuses; orders in others wait (skipped)."
              disabled={readOnly}
              error={
                errors.statusAllowList ? (
                  <FormControlError id={allowErrorId}>{errors.statusAllowList}</FormControlError>
                ) : undefined
              }
              label="Send orders to IOM in"
              maxHeight={260}
              name="statusAllowList"
              onOptionsChange={(next: number[]) => {
                setAllowList(next);
                edited('statusAllowList');
              }}
              options={statusOptions}
              value={allowList}
            />
          </FormGroup>
          <FormGroup>
            <MultiSelect<number>
              aria-describedby={errors.lockedStatuses ? lockedErrorId : undefined}
              aria-invalid={errors.lockedStatuses ? true : undefined}
              description="Locks: orders in these BigCommerce statuses are never changed by IOM’s updates — no status change, no shipment."
              disabled={readOnly}
              error={
                errors.lockedStatuses ? (
                  <FormControlError id={lockedErrorId}>{errors.lockedStatuses}</FormControlError>
                ) : undefined
              }
              label="Leave orders alone in"
              maxHeight={260}
              name="lockedStatuses"
              onOptionsChange={(next: number[]) => {
                setValues((current) => ({ ...current, lockedStatuses: next }));
                edited('lockedStatuses');
              }}
              options={statusOptions}
              value={values.lockedStatuses}
            />
          </FormGroup>
        </GridItem>
        <GridItem>
          <H3>IOM → BigCommerce</H3>
          <Text color="secondary60">When IOM…</Text>
          {OUTCOME_LABELS.map(({ outcome, label, description }) => (
            <SelectField<number>
              description={description}
              disabled={readOnly}
              error={errors[outcome]}
              key={outcome}
              label={`${label}: set the status to`}
              name={`statusMap.${outcome}`}
              onChange={(value) => {
                setValues((current) => ({
                  ...current,
                  statusMap: { ...current.statusMap, [outcome]: value === LEAVE ? null : value },
                }));
                edited(outcome);
              }}
              options={mapOptions}
              value={values.statusMap[outcome] ?? LEAVE}
            />
          ))}
        </GridItem>
      </Grid>
    </SaveFormPanel>
  );
}
