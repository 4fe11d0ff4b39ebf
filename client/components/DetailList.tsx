import { Box, Grid, Text } from '@bigcommerce/big-design';
import { Fragment, type ReactNode } from 'react';

export interface Detail {
  term: string;
  value: ReactNode;
}

interface DetailListProps {
  details: readonly Detail[];
  /**
   * `columns` (default): label beside value from the tablet breakpoint, stacked below it.
   * `stacked`: label above value at every width, for narrow panels.
   */
  layout?: 'columns' | 'stacked';
}

const stackedColumns = 'minmax(0, 1fr)';
const gridColumns = {
  columns: { mobile: stackedColumns, tablet: 'minmax(7rem, max-content) minmax(0, 1fr)' },
  stacked: stackedColumns,
} as const;
const valueMargin = {
  columns: { mobile: 'small', tablet: 'none' },
  stacked: 'small',
} as const;

/** Label/value pairs as a description list. Long values (emails, hashes) wrap instead of overflowing. */
export function DetailList({ details, layout = 'columns' }: DetailListProps) {
  return (
    <Grid
      as="dl"
      gridColumnGap="1.5rem"
      gridColumns={gridColumns[layout]}
      gridRowGap={layout === 'columns' ? { mobile: '0.25rem', tablet: '0.75rem' } : '0.25rem'}
      margin="none"
    >
      {details.map(({ term, value }, index) => (
        <Fragment key={term}>
          <Box as="dt">
            <Text as="span" bold color="secondary60">
              {term}
            </Text>
          </Box>
          <Box
            as="dd"
            margin="none"
            marginBottom={index < details.length - 1 ? valueMargin[layout] : 'none'}
            style={{ overflowWrap: 'anywhere' }}
          >
            {value}
          </Box>
        </Fragment>
      ))}
    </Grid>
  );
}
