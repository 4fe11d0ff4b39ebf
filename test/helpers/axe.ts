/**
 * An axe-core scan of a page or frame in real Chromium. The script is evaluated through the DevTools
 * protocol, so the app's Content-Security-Policy (script-src 'self') does not have to allow it.
 *
 *   const found = await scanAccessibility(page);            // or a Frame: the app inside the control panel
 *   expect(seriousViolations(found)).toEqual([]);           // one readable line per failing rule
 */
import { readFileSync } from 'node:fs';

import type { Frame, Page } from 'playwright-core';

const AXE_SOURCE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

export interface AxeViolation {
  id: string;
  impact: 'minor' | 'moderate' | 'serious' | 'critical' | null;
  help: string;
  nodes: { target: string[]; failureSummary?: string }[];
}

/** Runs every WCAG 2.x A/AA rule (and axe's best practices) on what the page shows now. */
export async function scanAccessibility(target: Page | Frame): Promise<AxeViolation[]> {
  await target.evaluate(AXE_SOURCE);
  return target.evaluate(async () => {
    const axe = (
      window as unknown as {
        axe: { run(ctx: Document, opts: object): Promise<{ violations: AxeViolation[] }> };
      }
    ).axe;
    const result = await axe.run(document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] },
      resultTypes: ['violations'],
    });
    return result.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      nodes: v.nodes.map((n) => ({ target: n.target, failureSummary: n.failureSummary })),
    }));
  });
}

/**
 * Rules that fail a scan whatever axe rates them: a heading that skips a level (h2 → h4) is only
 * "moderate" to axe, but the app promises headings in order (h1 once → h2 → h3).
 */
const ALWAYS_FAILING = new Set(['heading-order']);

/**
 * The violations a scan fails on, one line each (rule, what it asks, where): the serious and critical
 * ones and the rules in ALWAYS_FAILING. `[]` when clean.
 */
export function seriousViolations(violations: readonly AxeViolation[]): string[] {
  return violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical' || ALWAYS_FAILING.has(v.id))
    .map((v) => `${v.impact} ${v.id}: ${v.help} at ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}
