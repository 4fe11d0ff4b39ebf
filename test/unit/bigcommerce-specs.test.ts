import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  FETCHED_SPECS_DIR,
  SHARED_SPECS_DIR,
  SKIP_MARK,
  SPEC_FILES,
  UPSTREAM,
  downloadSpec,
  downloadSpecs,
  locateSpecs,
  rawUrl,
  sha256,
  specsToFetch,
  writeSpecs,
  type DownloadOptions,
  type SpecFile,
} from '../../scripts/specs/bigcommerce-specs';
import { specsSuite } from '../helpers/bigcommerce-specs';
// eslint-disable-next-line @typescript-eslint/no-require-imports -- plain CommonJS reporter, as jest loads it
const SpecsSkippedReporter = require('../helpers/specs-reporter') as new (config: { rootDir: string }) => {
  onTestResult(test: unknown, result: { testResults: { status: string; ancestorTitles: string[] }[] }): void;
  onRunComplete(): void;
};

const ROOT = '/repo/clone';
/** An `exists` check that knows only the spec files inside `dirs`. */
const filesIn =
  (...dirs: string[]) =>
  (file: string) =>
    dirs.some((dir) => SPEC_FILES.some((spec) => path.join(dir, spec.file) === file));

describe('where the conformance tests look for BigCommerce specs', () => {
  it('uses BC_SPECS_DIR, relative to the repository root or absolute', () => {
    expect(
      locateSpecs({
        env: { BC_SPECS_DIR: 'vendor/bc' },
        repoRoot: ROOT,
        exists: filesIn('/repo/clone/vendor/bc'),
      }),
    ).toEqual({ found: true, dir: '/repo/clone/vendor/bc', source: 'BC_SPECS_DIR' });
    expect(
      locateSpecs({ env: { BC_SPECS_DIR: '/opt/bc' }, repoRoot: ROOT, exists: filesIn('/opt/bc') }),
    ).toEqual({ found: true, dir: '/opt/bc', source: 'BC_SPECS_DIR' });
  });

  it('reports a BC_SPECS_DIR without the specs rather than falling back to the defaults', () => {
    const result = locateSpecs({
      env: { BC_SPECS_DIR: '/nowhere' },
      repoRoot: ROOT,
      exists: filesIn('/repo/shared/specs/bigcommerce'),
    });
    expect(result).toEqual({ found: false, searched: ['/nowhere'], reason: expect.any(String) });
    expect(!result.found && result.reason).toMatch(/BC_SPECS_DIR=\/nowhere .*npm run specs:fetch/);
  });

  it('defaults to ../shared/specs/bigcommerce, then the git-ignored folder specs:fetch fills', () => {
    const shared = path.resolve(ROOT, SHARED_SPECS_DIR);
    const fetched = path.resolve(ROOT, FETCHED_SPECS_DIR);
    expect(locateSpecs({ env: {}, repoRoot: ROOT, exists: filesIn(shared, fetched) })).toMatchObject({
      dir: shared,
    });
    expect(
      locateSpecs({ env: { BC_SPECS_DIR: ' ' }, repoRoot: ROOT, exists: filesIn(fetched) }),
    ).toMatchObject({
      dir: fetched,
      source: FETCHED_SPECS_DIR,
    });
    expect(fs.readFileSync(path.resolve(__dirname, '../../.gitignore'), 'utf8')).toMatch(/^\.specs\/$/m);
  });

  it('counts a folder with only some of the files as missing, and names one', () => {
    const dir = path.resolve(ROOT, FETCHED_SPECS_DIR);
    const result = locateSpecs({
      env: {},
      repoRoot: ROOT,
      exists: (file) => file.startsWith(dir) && !file.endsWith('orders.v3.yml'),
    });
    expect(!result.found && result.reason).toContain('; .specs/bigcommerce lacks orders.v3.yml —');
  });

  it('finds nothing in a real folder that does not exist, and those suites are then skipped', () => {
    const missing = path.join(os.tmpdir(), `no-specs-${process.pid}`);
    const result = locateSpecs({ env: { BC_SPECS_DIR: missing }, repoRoot: ROOT });
    expect(result.found).toBe(false);
    expect(specsSuite('hooks API', result)).toEqual({ title: `hooks API ${SKIP_MARK}`, skip: true });
    expect(specsSuite('hooks API', { found: true, dir: missing, source: 'BC_SPECS_DIR' })).toEqual({
      title: 'hooks API',
      skip: false,
    });
  });
});

describe('the specs reporter', () => {
  const withStderr = (run: () => void): string => {
    const spy = jest.spyOn(process.stderr, 'write').mockImplementation(() => true);
    try {
      run();
      return spy.mock.calls.map((call) => String(call[0])).join('');
    } finally {
      spy.mockRestore();
    }
  };
  const result = (status: string, ...ancestorTitles: string[]) => ({
    testResults: [{ status, ancestorTitles }],
  });

  it('prints one line for all the tests skipped for want of specs, at the end of the run', () => {
    const previous = process.env.BC_SPECS_DIR;
    process.env.BC_SPECS_DIR = path.join(os.tmpdir(), `no-specs-${process.pid}`);
    try {
      const reporter = new SpecsSkippedReporter({ rootDir: ROOT });
      const output = withStderr(() => {
        reporter.onTestResult({}, result('pending', `hooks API ${SKIP_MARK}`));
        reporter.onTestResult({}, result('pending', 'outer', `examples ${SKIP_MARK}`));
        reporter.onTestResult({}, result('passed', 'other'));
        reporter.onRunComplete();
      });
      expect(output.trim().split('\n')).toEqual([
        expect.stringMatching(/^⚠ BigCommerce conformance tests skipped \(2\): .*npm run specs:fetch/),
      ]);
    } finally {
      if (previous === undefined) delete process.env.BC_SPECS_DIR;
      else process.env.BC_SPECS_DIR = previous;
    }
  });

  it('says nothing when no suite was skipped for that reason', () => {
    const reporter = new SpecsSkippedReporter({ rootDir: ROOT });
    const output = withStderr(() => {
      reporter.onTestResult({}, result('pending', 'skipped for another reason'));
      reporter.onRunComplete();
    });
    expect(output).toBe('');
  });
});

describe('npm run specs:fetch, without the network', () => {
  const spec: SpecFile = {
    file: 'webhooks.v3.yml',
    upstream: 'reference/webhooks.v3.yml',
    sha256: sha256('openapi'),
  };
  const answer = (status: number, body = '') => new Response(status === 204 ? null : body, { status });
  const options = (fetchImpl: DownloadOptions['fetchImpl']): DownloadOptions => ({
    fetchImpl,
    sleep: () => Promise.resolve(),
  });

  it('fetches every file from raw.githubusercontent.com at the pinned commit', () => {
    expect(UPSTREAM.commit).toBe('24f580ca6d2981728b7ed70a2049e00fc602c335');
    expect(rawUrl('docs/webhooks/callbacks/data/store_order_created.json')).toBe(
      'https://raw.githubusercontent.com/bigcommerce/docs/24f580ca6d2981728b7ed70a2049e00fc602c335/docs/webhooks/callbacks/data/store_order_created.json',
    );
    expect(SPEC_FILES.map((s) => s.file)).toEqual(
      expect.arrayContaining(['orders.v2.oas2.yml', 'orders.v3.yml', 'webhooks.v3.yml']),
    );
    for (const s of SPEC_FILES) expect(s.sha256).toMatch(/^[0-9a-f]{64}$/);
  });

  it('returns the bytes when the checksum matches, and retries 5xx and network failures', async () => {
    const fetchImpl = jest
      .fn()
      .mockRejectedValueOnce(Object.assign(new TypeError('fetch failed'), { cause: { code: 'ECONNRESET' } }))
      .mockResolvedValueOnce(answer(503))
      .mockResolvedValueOnce(answer(200, 'openapi'));
    const bytes = await downloadSpec(spec, options(fetchImpl));
    expect(bytes.toString()).toBe('openapi');
    expect(fetchImpl).toHaveBeenCalledTimes(3);
    expect(fetchImpl.mock.calls[0][0]).toBe(rawUrl(spec.upstream));
  });

  it('gives up offline with one line naming the cause and what to do', async () => {
    const offline = Object.assign(new TypeError('fetch failed'), {
      cause: Object.assign(new Error('getaddrinfo ENOTFOUND raw.githubusercontent.com'), {
        code: 'ENOTFOUND',
      }),
    });
    const fetchImpl = jest.fn().mockRejectedValue(offline);
    const error = await downloadSpec(spec, options(fetchImpl)).then(
      () => new Error('resolved'),
      (e: unknown) => e as Error,
    );
    expect(fetchImpl).toHaveBeenCalledTimes(3);
    expect(error).toMatchObject({ name: 'SpecsFetchError' });
    expect(error.message).toMatch(
      /^could not download https:\S+webhooks\.v3\.yml 3 times \(getaddrinfo ENOTFOUND/,
    );
    expect(error.message).toContain('internet connection');
    expect(error.message).not.toContain('\n');
  });

  it('fails at once on a 404 or a checksum mismatch', async () => {
    const notFound = jest.fn().mockImplementation(() => Promise.resolve(answer(404)));
    await expect(downloadSpec(spec, options(notFound))).rejects.toThrow(
      /HTTP 404: reference\/webhooks\.v3\.yml is not at bigcommerce\/docs@24f580ca/,
    );
    expect(notFound).toHaveBeenCalledTimes(1);
    const altered = jest.fn().mockImplementation(() => Promise.resolve(answer(200, 'tampered')));
    await expect(downloadSpec(spec, options(altered))).rejects.toThrow(
      /sha256 .* not the pinned .*--no-verify/,
    );
    await expect(downloadSpec(spec, { ...options(altered), verify: false })).resolves.toEqual(
      Buffer.from('tampered'),
    );
  });

  it('downloads only what is missing or different, and writes nothing half-done', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'specs-fetch-'));
    try {
      expect(specsToFetch(dir)).toHaveLength(SPEC_FILES.length);

      const bodies = new Map(SPEC_FILES.map((s, i) => [rawUrl(s.upstream), `body ${i}`]));
      const fake = SPEC_FILES.map((s, i) => ({ ...s, sha256: sha256(`body ${i}`) }));
      const files = await downloadSpecs(
        fake,
        options((url) => Promise.resolve(answer(200, bodies.get(url)))),
      );
      writeSpecs(dir, files);
      expect(
        fs.readFileSync(path.join(dir, 'webhook-callbacks/data/store_order_created.json'), 'utf8'),
      ).toMatch(/^body \d+$/);
      const written = fs.readdirSync(dir, { recursive: true }).map(String);
      expect(written.filter((name) => name.includes('.partial-'))).toEqual([]);
      expect(specsToFetch(dir, { specs: fake })).toEqual([]);
      fs.writeFileSync(path.join(dir, fake[0]!.file), 'changed');
      expect(specsToFetch(dir, { specs: fake })).toEqual([fake[0]]);
      expect(specsToFetch(dir, { specs: fake, force: true })).toEqual(fake);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
