import { Box, Button, Link, type MarginProps, type MessageProps } from '@bigcommerce/big-design';
import { CheckCircleIcon, CloseIcon, ErrorIcon, InfoIcon, WarningIcon } from '@bigcommerce/big-design-icons';
import { theme } from '@bigcommerce/big-design-theme';
import type { ReactElement } from 'react';
import styled from 'styled-components';

export type NoticeType = NonNullable<MessageProps['type']>;
export type NoticeItem = MessageProps['messages'][number];
export type NoticeAction = NonNullable<MessageProps['actions']>[number];

export interface NoticeProps extends MarginProps {
  type?: NoticeType;
  /** A short bold title above the lines (bold text, not a heading: a notice is no section of the page). */
  header?: string;
  messages: NoticeItem[];
  actions?: NoticeAction[];
  onClose?: () => void;
  /**
   * How a screen reader hears it. `alert` (assertive) is for what appears in answer to something the
   * merchant did or something that went wrong: errors and the outcome of a save, a test or a retry.
   * `status` (polite) is for what simply describes the page: read-only reasons, counts, hints. Errors
   * default to `alert`, everything else to `status`; pass `alert` for a success or warning outcome.
   */
  role?: 'alert' | 'status';
  /** BigDesign's InlineMessage look (a bordered, smaller box, e.g. inside a dialog) instead of Message's. */
  inline?: boolean;
}

const ACCENT: Record<NoticeType, string> = {
  success: theme.colors.success,
  error: theme.colors.danger,
  warning: theme.colors.warning50,
  info: theme.colors.primary60,
};

function iconOf(type: NoticeType, inline: boolean): ReactElement {
  const size = inline ? 'large' : 'xLarge';
  switch (type) {
    case 'success':
      return <CheckCircleIcon color="success" size={size} />;
    case 'error':
      return <ErrorIcon color="danger" size={size} />;
    case 'warning':
      return <WarningIcon color="warning50" size={size} />;
    case 'info':
      return <InfoIcon color="primary60" size={size} />;
  }
}

/**
 * A message banner that looks like BigDesign's Message (or InlineMessage with `inline`): the coloured left
 * border, the icon, a bold title, the lines with optional links, action buttons, an optional close button.
 * BigDesign's own renders its title as an `<h4>`, which breaks the page's heading order (h1 → h2 → h3)
 * inside a panel, and it is always `role="alert"`; this one takes the title as bold text and chooses its
 * role (see `role`).
 */
export function Notice({
  type = 'success',
  header,
  messages,
  actions,
  onClose,
  role = type === 'error' ? 'alert' : 'status',
  inline = false,
  ...margins
}: NoticeProps) {
  return (
    <Frame
      {...margins}
      $closable={onClose !== undefined}
      $inline={inline}
      $type={type}
      backgroundColor="white"
      border={inline ? 'box' : undefined}
      borderRadius={inline ? 'normal' : undefined}
      role={role}
      shadow={inline ? undefined : 'raised'}
    >
      <div>{iconOf(type, inline)}</div>
      <div>
        {header && <Title $inline={inline}>{header}</Title>}
        {messages.map(({ text, link }, index) => (
          <div key={index}>
            <Line>{text}</Line>{' '}
            {link && (
              <SmallLink external={link.external} href={link.href} target={link.target}>
                {link.text}
              </SmallLink>
            )}
          </div>
        ))}
        {actions && (
          <Actions>
            {actions.map(({ text, variant = 'secondary', ...action }, index) => (
              <Button
                {...action}
                key={index}
                marginBottom="xSmall"
                marginHorizontal="xxSmall"
                mobileWidth="auto"
                variant={variant}
              >
                {text}
              </Button>
            ))}
          </Actions>
        )}
      </div>
      {onClose && (
        <div>
          <Button
            iconOnly={<CloseIcon size={inline ? 'medium' : 'large'} title="Close" />}
            onClick={onClose}
            type="button"
            variant="subtle"
          />
        </div>
      )}
    </Frame>
  );
}

/** Box draws the shadow (Message) or the border (InlineMessage); this adds the grid and the coloured edge. */
const Frame = styled(Box)<{ $type: NoticeType; $inline: boolean; $closable: boolean }>`
  display: grid;
  gap: ${({ $inline }) => ($inline ? theme.spacing.xSmall : theme.spacing.small)};
  padding: ${({ $inline }) => ($inline ? theme.spacing.xSmall : theme.spacing.small)};
  grid-template-columns: ${({ $inline, $closable }) => {
    const icon = $inline ? theme.spacing.large : theme.spacing.xLarge;
    const close = $inline ? theme.spacing.medium : theme.spacing.large;
    return $closable ? `${icon} 1fr ${close}` : `${icon} 1fr`;
  }};
  border-left: ${theme.spacing.xxSmall} solid ${({ $type }) => ACCENT[$type]};
`;

const Title = styled.strong<{ $inline: boolean }>`
  display: block;
  color: ${theme.colors.secondary70};
  font-size: ${({ $inline }) => ($inline ? theme.typography.fontSize.small : theme.typography.fontSize.medium)};
  font-weight: ${theme.typography.fontWeight.semiBold};
  line-height: ${theme.spacing.large};
`;

const Line = styled.span`
  color: ${theme.colors.secondary70};
  font-size: ${theme.typography.fontSize.small};
  line-height: ${theme.lineHeight.small};
  vertical-align: middle;
`;

const SmallLink = styled(Link)`
  font-size: ${theme.typography.fontSize.small};
  vertical-align: middle;
`;

const Actions = styled.div`
  display: flex;
  flex-wrap: wrap;
  margin: ${theme.spacing.xSmall} -${theme.spacing.xxSmall} -${theme.spacing.xSmall};
`;
