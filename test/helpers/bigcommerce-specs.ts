/**
 * BigCommerce's OpenAPI specs and webhook examples for the conformance tests. They are not in the
 * repository (no licence to redistribute them); see scripts/specs/bigcommerce-specs.js for where they
 * are looked for. Without them the suites declared with `describeWithSpecs` are skipped, and the jest
 * reporter test/helpers/specs-reporter.js prints one line saying how to get them.
 *
 *   describeWithSpecs('the hooks API matches webhooks.v3.yml', () => {
 *     let spec: OpenApiValidator;
 *     beforeAll(() => (spec = OpenApiValidator.fromFile(specFile('webhooks.v3.yml'))));  // not in the describe body: that runs when skipped too
 *   });
 */
import path from 'node:path';
import { SKIP_MARK, locateSpecs, type SpecsLocation } from '../../scripts/specs/bigcommerce-specs';

const REPO_ROOT = path.resolve(__dirname, '..', '..');

export const bigcommerceSpecs: SpecsLocation = locateSpecs({ env: process.env, repoRoot: REPO_ROOT });

/** Absolute path of one spec file, e.g. `webhooks.v3.yml`; only call it inside `describeWithSpecs` hooks or tests. */
export function specFile(name: string): string {
  if (!bigcommerceSpecs.found)
    throw new Error(`specFile(${name}) outside describeWithSpecs: ${bigcommerceSpecs.reason}`);
  return path.join(bigcommerceSpecs.dir, name);
}

/** How a suite that needs the specs is declared: skipped, with a title the specs reporter counts, without them. */
export function specsSuite(
  title: string,
  location: SpecsLocation = bigcommerceSpecs,
): { title: string; skip: boolean } {
  return location.found ? { title, skip: false } : { title: `${title} ${SKIP_MARK}`, skip: true };
}

/** `describe` when the specs are there, else `describe.skip` (see specsSuite). */
export function describeWithSpecs(title: string, fn: () => void): void {
  const suite = specsSuite(title);
  if (suite.skip) describe.skip(suite.title, fn);
  else describe(suite.title, fn);
}
