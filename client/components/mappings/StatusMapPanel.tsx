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
import { asApiError, useApiSession } from '../../api';
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
import { SaveFormPanel, type SaveFeedback } from '../SaveFormPanel';
import { type NoticeItem } from '../Notice';

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
  const [errors, setErrors] = useState<Partial<Record<StatusField, string>>>({});
  const [feedback, setFeedback] = useState<SaveFeedback | null>(null);
  const [saving, setSaving] = useState(false);

  const statusOptions: Array<SelectOption<number>> = Object.entries(saved.statuses).map(([id, name]) => ({
    value: Number(id),
    content: name,
  }));
  const mapOptions: Array<SelectOption<number>> = [
    { value: LEAVE, content: 'Leave the status as it is' },
    ...statusOptions,
  ];

  const edited = (field: StatusField) => {
    setErrors((current) => ({ ...current, [field]: undefined }));
    setFeedback((current) => (current?.type === 'success' ? null : current));
  };

  const save = async () => {
    const outbound = changedOutbound(values, saved.settings.outbound);
    const changes = {
      ...(sameSet(allowList, saved.settings.statusAllowList) ? {} : { statusAllowList: allowList }),
      ...(Object.keys(outbound).length > 0 ? { outbound } : {}),
    };
    setErrors({});
    if (Object.keys(changes).length === 0) {
      setFeedback({
        type: 'info',
        header: 'Nothing to save',
        messages: [{ text: 'No status was changed.' }],
      });
      return;
    }
    setSaving(true);
    setFeedback(null);
    try {
      const response = await saveStatusMappings(session, changes);
      onSaved(response);
      setAllowList([...response.settings.statusAllowList]);
      setValues(outboundFormValues(response.settings.outbound));
      setFeedback({
        type: 'success',
        header: 'Status mappings saved',
        messages: [{ text: 'New orders and IOM’s next updates follow these statuses.' }],
      });
    } catch (error) {
      const apiError = asApiError(error);
      const allowFields = apiError.fields.filter((f) => f.field.startsWith('statusAllowList'));
      const { byField, other } = outboundFieldErrors(
        apiError.fields.filter((f) => !f.field.startsWith('statusAllowList')),
      );
      const next: Partial<Record<StatusField, string>> = { ...byField };
      if (allowFields[0]) next.statusAllowList = allowFields[0].message;
      setErrors(next);
      const messages: NoticeItem[] = [
        ...(Object.keys(next).length > 0 ? [{ text: 'Check the fields marked below.' }] : []),
        ...other.map((text) => ({ text })),
      ];
      if (messages.length === 0) messages.push({ text: apiError.message });
      setFeedback({ type: 'error', header: 'The status mappings were not saved', messages });
    }
    setSaving(false);
  };

  return (
    <SaveFormPanel
      description="Which orders go to IOM by their BigCommerce status, and which BigCommerce status each thing IOM does sets."
      feedback={feedback}
      header="Order statuses"
      onSave={() => void save()}
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
