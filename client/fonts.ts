/**
 * BigDesign's typeface, Source Sans 3 (the control panel's own), bundled from @fontsource/source-sans-3
 * and served by the app itself (/static/fonts/…, allowed by the CSP's font-src 'self'): latin, 400 and
 * 600, the two weights BigDesign's theme uses (regular, and semi-bold for bold text and headings).
 */
import { createGlobalStyle } from 'styled-components';

import regular from '@fontsource/source-sans-3/files/source-sans-3-latin-400-normal.woff2';
import semiBold from '@fontsource/source-sans-3/files/source-sans-3-latin-600-normal.woff2';

const FACES: ReadonlyArray<{ weight: number; url: string }> = [
  { weight: 400, url: regular },
  { weight: 600, url: semiBold },
];

export const SourceSansFaces = createGlobalStyle`
  ${FACES.map(
    ({ weight, url }) => `
  @font-face {
    font-family: 'Source Sans 3';
    font-style: normal;
    font-display: swap;
    font-weight: ${weight};
    src: url(${url}) format('woff2');
  }`,
  ).join('\n')}
`;
