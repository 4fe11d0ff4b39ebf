import { Box } from '@bigcommerce/big-design';
import { useEffect, useRef, type ReactNode } from 'react';

import { AppHeader } from './AppHeader';
import { restoreFocus } from './focus-after-navigation';

/**
 * The frame of every in-app page: a centred column with the compact app header (about 60 px above the
 * first card) and the main landmark. On
 * phones panels run edge to edge (BigDesign squares their corners below the tablet breakpoint).
 */
export function PageLayout({ children }: { children: ReactNode }) {
  const pageRef = useRef<HTMLDivElement>(null);
  const mainRef = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (pageRef.current && mainRef.current) restoreFocus(pageRef.current, mainRef.current);
  }, []);
  return (
    <Box
      ref={pageRef}
      paddingBottom={{ mobile: 'large', tablet: 'xxLarge' }}
      paddingHorizontal={{ mobile: 'none', tablet: 'xLarge' }}
      paddingTop="xxSmall"
      style={{ maxWidth: '72rem', marginInline: 'auto' }}
    >
      <AppHeader />
      {/* Focusable by script only: the focus lands here when a navigation removed what had it. */}
      <Box as="main" ref={mainRef} style={{ outline: 'none' }} tabIndex={-1}>
        {children}
      </Box>
    </Box>
  );
}
