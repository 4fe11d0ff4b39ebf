import { Box } from '@bigcommerce/big-design';
import type { ReactNode } from 'react';

import { AppHeader } from './AppHeader';

/**
 * The frame of every in-app page: a centred column with the compact app header (about 60 px above the
 * first card) and the main landmark. On
 * phones panels run edge to edge (BigDesign squares their corners below the tablet breakpoint).
 */
export function PageLayout({ children }: { children: ReactNode }) {
  return (
    <Box
      paddingBottom={{ mobile: 'large', tablet: 'xxLarge' }}
      paddingHorizontal={{ mobile: 'none', tablet: 'xLarge' }}
      paddingTop="xxSmall"
      style={{ maxWidth: '72rem', marginInline: 'auto' }}
    >
      <AppHeader />
      <Box as="main">{children}</Box>
    </Box>
  );
}
