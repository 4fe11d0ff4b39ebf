import { Box, Flex, H1, Text } from '@bigcommerce/big-design';

import { AppNav } from './AppNav';
import { BrandMark } from './BrandMark';

/** The app's banner: name, what it does, and the page navigation. The only h1 on pages that use PageLayout. */
export function AppHeader() {
  return (
    <Box as="header" marginBottom="xLarge" paddingHorizontal={{ mobile: 'medium', tablet: 'none' }}>
      <Flex alignItems="center" flexDirection="row" flexGap="1rem">
        <BrandMark size={44} />
        <Box>
          <H1 margin="none">IOM Connector</H1>
          <Text color="secondary60" margin="none">
            Relays your BigCommerce orders to Dynamics 365 Intelligent Order Management
          </Text>
        </Box>
      </Flex>
      <Box marginTop="large">
        <AppNav />
      </Box>
    </Box>
  );
}
