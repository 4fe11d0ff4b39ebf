import { Flex, H1 } from '@bigcommerce/big-design';
import { theme } from '@bigcommerce/big-design-theme';
import styled from 'styled-components';

import { AppNav } from './AppNav';
import { BrandMark } from './BrandMark';

/**
 * The app's name in one small line, ruled like the navigation beside it. The control panel already
 * shows the app's name above the iframe, so this stays quiet; it is still the page's only h1.
 */
const Title = styled(Flex)`
  flex-shrink: 0;
  align-self: stretch;
  border-bottom: 1px solid ${theme.colors.secondary30};

  & h1 {
    font-size: ${theme.typography.fontSize.medium};
    line-height: ${theme.lineHeight.medium};
    font-weight: ${theme.typography.fontWeight.semiBold};
    white-space: nowrap;
  }
`;

/** The navigation, a little tighter than BigDesign's tabs so the header stays under 50 px. */
const NavSlot = styled.div`
  flex: 1 1 auto;
  min-width: 0;

  & a {
    padding-top: ${theme.spacing.xSmall};
    padding-bottom: ${theme.spacing.xSmall};
  }
`;

/** The app's banner: a one-line title and the page navigation, about 45 px high. */
export function AppHeader() {
  return (
    <Flex
      alignItems="flex-end"
      as="header"
      flexDirection="row"
      flexGap={theme.spacing.large}
      marginBottom="small"
      paddingHorizontal={{ mobile: 'medium', tablet: 'none' }}
    >
      <Title alignItems="center" flexDirection="row" flexGap={theme.spacing.xSmall}>
        <BrandMark size={20} />
        <H1 margin="none">IOM Connector</H1>
      </Title>
      <NavSlot>
        <AppNav />
      </NavSlot>
    </Flex>
  );
}
