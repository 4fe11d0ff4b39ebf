import { Box, Button, Flex, Text } from '@bigcommerce/big-design';
import { theme } from '@bigcommerce/big-design-theme';
import { useState } from 'react';

import type { SeriesPoint } from '../../../server/http/dashboard-api-types';
import { countOf } from '../../orders';

export type ChartRange = 'hourly' | 'daily';

const RANGES: ReadonlyArray<{ id: ChartRange; label: string; every: string }> = [
  { id: 'hourly', label: 'Last 24 h', every: 'per hour, last 24 hours' },
  { id: 'daily', label: 'Last 30 days', every: 'per day, last 30 days' },
];

const CHART_HEIGHT = 120;

function barLabel(range: ChartRange, start: string): string {
  const date = new Date(start);
  return range === 'hourly'
    ? new Intl.DateTimeFormat(undefined, { hour: 'numeric', minute: '2-digit' }).format(date)
    : new Intl.DateTimeFormat(undefined, { month: 'short', day: 'numeric' }).format(date);
}

/** Which bars carry an axis label: every 6th hour, every 7th day, and the last. */
function labelled(range: ChartRange, index: number, length: number): boolean {
  const step = range === 'hourly' ? 6 : 7;
  return (length - 1 - index) % step === 0;
}

/** The whole series in words, for assistive technology (the bars are its picture). */
export function chartDescription(range: ChartRange, points: readonly SeriesPoint[]): string {
  const total = points.reduce((sum, p) => sum + p.count, 0);
  const every = RANGES.find((r) => r.id === range)!.every;
  const values = points.map((p) => `${barLabel(range, p.start)}: ${p.count}`).join(', ');
  return `Orders relayed to IOM ${every}: ${countOf(total, 'order')} in total. ${values}.`;
}

/**
 * A small bar chart of orders relayed to IOM, last 24 hours or last 30 days, with the numbers as its
 * accessible name; no chart library (styled boxes).
 */
export function RelayChart({ hourly, daily }: { hourly: SeriesPoint[]; daily: SeriesPoint[] }) {
  const [range, setRange] = useState<ChartRange>('hourly');
  const points = range === 'hourly' ? hourly : daily;
  const max = Math.max(1, ...points.map((p) => p.count));
  const total = points.reduce((sum, p) => sum + p.count, 0);
  return (
    <Box>
      <Flex
        alignItems="center"
        flexDirection="row"
        flexGap="0.5rem"
        flexWrap="wrap"
        justifyContent="space-between"
      >
        <Text margin="none">
          <Text as="span" bold>
            {countOf(total, 'order')}
          </Text>{' '}
          relayed {range === 'hourly' ? 'in the last 24 hours' : 'in the last 30 days'}
        </Text>
        <Flex aria-label="Chart range" flexDirection="row" flexGap="0.25rem" role="group">
          {RANGES.map((r) => (
            <Button
              aria-pressed={range === r.id}
              key={r.id}
              mobileWidth="auto"
              onClick={() => setRange(r.id)}
              type="button"
              variant={range === r.id ? 'secondary' : 'subtle'}
            >
              {r.label}
            </Button>
          ))}
        </Flex>
      </Flex>
      <Box marginTop="small" role="img" aria-label={chartDescription(range, points)}>
        <Flex
          alignItems="flex-end"
          flexDirection="row"
          style={{
            gap: range === 'hourly' ? 4 : 3,
            height: CHART_HEIGHT,
            borderBottom: `1px solid ${theme.colors.secondary30}`,
            position: 'relative',
          }}
        >
          <span
            style={{
              position: 'absolute',
              top: -2,
              left: 0,
              fontSize: '0.75rem',
              color: theme.colors.secondary60,
            }}
          >
            {max}
          </span>
          {points.map((p) => (
            <div
              data-count={p.count}
              data-testid="chart-bar"
              key={p.start}
              style={{
                flex: '1 1 0',
                height: p.count === 0 ? 2 : Math.max(4, Math.round((p.count / max) * (CHART_HEIGHT - 18))),
                background: p.count === 0 ? theme.colors.secondary30 : theme.colors.primary40,
                borderRadius: '2px 2px 0 0',
              }}
              title={`${barLabel(range, p.start)}: ${countOf(p.count, 'order')}`}
            />
          ))}
        </Flex>
        {/* The time labels never push the page wider: on a narrow frame the last one is cut off. */}
        <Flex
          aria-hidden="true"
          flexDirection="row"
          style={{ gap: range === 'hourly' ? 4 : 3, overflow: 'hidden' }}
        >
          {points.map((p, i) => (
            <span
              key={p.start}
              style={{
                flex: '1 1 0',
                minWidth: 0,
                fontSize: '0.75rem',
                whiteSpace: 'nowrap',
                overflow: 'visible',
                color: theme.colors.secondary60,
              }}
            >
              {labelled(range, i, points.length) ? barLabel(range, p.start) : ''}
            </span>
          ))}
        </Flex>
      </Box>
    </Box>
  );
}
