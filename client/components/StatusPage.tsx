import { Box, StatusMessage, type StatusMessageVariantType } from '@bigcommerce/big-design';
import type { ReactNode } from 'react';

interface StatusPageProps {
  variant: StatusMessageVariantType;
  heading: string;
  message: string;
  /** Buttons under the message. */
  actions?: ReactNode;
  /** Supporting details under everything else (reason, request id). */
  children?: ReactNode;
}

/** A whole page that is one status (not found, session ended, cannot start), on a white card. */
export function StatusPage({ variant, heading, message, actions, children }: StatusPageProps) {
  return (
    <Box
      as="main"
      paddingVertical={{ mobile: 'none', tablet: 'xxLarge' }}
      paddingHorizontal={{ tablet: 'xLarge' }}
    >
      <Box
        backgroundColor="white"
        paddingHorizontal={{ mobile: 'medium', tablet: 'xxLarge' }}
        paddingBottom="xxLarge"
        shadow="raised"
        style={{ maxWidth: '44rem', marginInline: 'auto', textAlign: 'center' }}
      >
        <StatusMessage actions={actions} heading={heading} message={message} size="page" variant={variant} />
        {children}
      </Box>
    </Box>
  );
}
