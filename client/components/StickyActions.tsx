import { theme } from '@bigcommerce/big-design-theme';
import styled from 'styled-components';

/**
 * A row of buttons that stays at the bottom of the iframe while the content above it scrolls, like the
 * control panel's own save bar, so a step's primary action is always in view (even at 560 px high).
 */
export const StickyActions = styled.div`
  position: sticky;
  bottom: 0;
  z-index: 1;
  display: flex;
  flex-wrap: wrap;
  align-items: center;
  gap: ${theme.spacing.small};
  margin-top: ${theme.spacing.large};
  padding: ${theme.spacing.medium} 0;
  border-top: 1px solid ${theme.colors.secondary30};
  background: ${theme.colors.white};
`;
