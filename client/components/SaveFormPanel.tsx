import { Form, Panel } from '@bigcommerce/big-design';
import { useId, type FormEvent, type ReactNode } from 'react';
import { Notice, type NoticeItem } from './Notice';

/** What a save said: saved, refused (with the fields' problems), or a note. */
export interface SaveFeedback {
  type: 'success' | 'error' | 'info';
  header: string;
  messages: NoticeItem[];
}

interface SaveFormPanelProps {
  header: string;
  description: string;
  /** True while the save is on its way: the Save button spins and nothing else can be saved. */
  saving: boolean;
  /** Save is off for another reason too (e.g. another action of the panel is running). */
  busy?: boolean;
  /** Why this user may only look (null: they may change it); shown above the fields and on Save. */
  readOnlyReason: string | null;
  readOnlyHeader?: string;
  feedback: SaveFeedback | null;
  /** Called on Save (never while saving or read-only). */
  onSave: () => void;
  /** Shown first, e.g. why nothing would be sent yet. */
  notice?: ReactNode;
  /** `none` where the panel starts its area; `large` below another panel. */
  spaceAbove?: 'none' | 'large';
  children: ReactNode;
}

/**
 * A settings panel with one form and a Save button in its header: the read-only reason, the last save's
 * outcome, then the fields. The frame every settings form of the app shares.
 */
export function SaveFormPanel(props: SaveFormPanelProps) {
  const headerId = useId();
  const formId = useId();
  const reasonId = useId();
  const { saving, readOnlyReason, feedback } = props;
  const readOnly = readOnlyReason !== null;
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (!saving && !props.busy && !readOnly) props.onSave();
  };
  return (
    <Panel
      action={{
        text: 'Save',
        type: 'submit',
        form: formId,
        isLoading: saving,
        disabled: saving || Boolean(props.busy) || readOnly,
        'aria-describedby': readOnly ? reasonId : undefined,
      }}
      aria-labelledby={headerId}
      description={props.description}
      header={props.header}
      headerId={headerId}
      {...(props.spaceAbove === 'large' ? { marginTop: 'large' } : { margin: 'none' })}
      role="region"
    >
      <Form aria-labelledby={headerId} fullWidth id={formId} noValidate onSubmit={submit}>
        {props.notice}
        {readOnly && (
          <div id={reasonId}>
            <Notice
              header={props.readOnlyHeader ?? 'You can view these settings'}
              marginBottom="large"
              messages={[{ text: readOnlyReason }]}
              type="info"
            />
          </div>
        )}
        {feedback && (
          <Notice
            role="alert"
            header={feedback.header}
            marginBottom="large"
            messages={feedback.messages}
            type={feedback.type}
          />
        )}
        {props.children}
      </Form>
    </Panel>
  );
}
