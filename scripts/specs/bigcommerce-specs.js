'use strict';
/**
 * Where the BigCommerce OpenAPI specs and webhook examples live, for the conformance tests and for
 * `npm run specs:fetch`. They come from github.com/bigcommerce/docs, which carries no licence, so they
 * are never committed here: the tests look for a copy (BC_SPECS_DIR, else ../shared/specs/bigcommerce
 * beside the clone, else the git-ignored .specs/bigcommerce that specs:fetch fills) and skip without one.
 * Plain CommonJS so that Node runs the fetch script and jest loads the reporter without a build step.
 */
const crypto = require('node:crypto');
const fs = require('node:fs');
const path = require('node:path');

/** The pinned upstream: every file is fetched from this commit, so its content never changes. */
const UPSTREAM = {
  repo: 'bigcommerce/docs',
  commit: '24f580ca6d2981728b7ed70a2049e00fc602c335',
};

/**
 * Every file the tests may read: its name in the specs folder, its path in bigcommerce/docs and the
 * sha256 of its content at UPSTREAM.commit. (Upstream's store_app_uninstalled.json is an empty file, so it is left out.)
 */
const SPEC_FILES = Object.freeze([
  {
    file: 'orders.v2.oas2.yml',
    upstream: 'reference/orders.v2.oas2.yml',
    sha256: 'f85ba9dd682ddc0f4547bda456fe1cf416da0e67ac3e8597238d5a1c71912d43',
  },
  {
    file: 'orders.v3.yml',
    upstream: 'reference/orders.v3.yml',
    sha256: '991d40dc25ed4be57b1e3128a2dc6f3d92371f82aaa2f1e9dd65947051f1e383',
  },
  {
    file: 'webhooks.v3.yml',
    upstream: 'reference/webhooks.v3.yml',
    sha256: '6aaed2e7a56f852de782222a7edd24a21d73401826e4d41c08bbb7f4b14d3831',
  },
  {
    file: 'webhook-callbacks/store_app_uninstalled.yml',
    upstream: 'docs/webhooks/callbacks/store_app_uninstalled.yml',
    sha256: 'a2f80cca2be201bddb583900e9a5c10b75554368feb0f525138fb4d50ad74ad3',
  },
  {
    file: 'webhook-callbacks/store_order_archived.yml',
    upstream: 'docs/webhooks/callbacks/store_order_archived.yml',
    sha256: '9dfd9dd3006fc60b2ac78874af165fa69f17c5a4f7ffb523f85d330abdc3937c',
  },
  {
    file: 'webhook-callbacks/store_order_created.yml',
    upstream: 'docs/webhooks/callbacks/store_order_created.yml',
    sha256: '2034f89b52d94a52466c67aaa8a00e8101d6aa66d416efdfec6b0523dc321fd9',
  },
  {
    file: 'webhook-callbacks/store_order_message_created.yml',
    upstream: 'docs/webhooks/callbacks/store_order_message_created.yml',
    sha256: '446f641d3002f8eaf346fd99c9241f1eae1b0136e793451fd88affe7c682c24d',
  },
  {
    file: 'webhook-callbacks/store_order_metafield_created.yml',
    upstream: 'docs/webhooks/callbacks/store_order_metafield_created.yml',
    sha256: '194c8d6c02413510a8e5f848bc299665af8b80dae91db67961a976650cf8ff2a',
  },
  {
    file: 'webhook-callbacks/store_order_metafield_deleted.yml',
    upstream: 'docs/webhooks/callbacks/store_order_metafield_deleted.yml',
    sha256: '24a34f46ee3adddbac15858494c429b2a2515a9822a8194669a2fd21eb4a0ed1',
  },
  {
    file: 'webhook-callbacks/store_order_metafield_updated.yml',
    upstream: 'docs/webhooks/callbacks/store_order_metafield_updated.yml',
    sha256: 'f4f479a9587c9303bc7b05e58a44b6802911f3ae9dd894431ce17971fbba7b5f',
  },
  {
    file: 'webhook-callbacks/store_order_refund_created.yml',
    upstream: 'docs/webhooks/callbacks/store_order_refund_created.yml',
    sha256: '84fe67466115f947ac2c8cb6fa4e8dc9dba2aacab939584faf1436b36894e244',
  },
  {
    file: 'webhook-callbacks/store_order_statusUpdated.yml',
    upstream: 'docs/webhooks/callbacks/store_order_statusUpdated.yml',
    sha256: 'f66de26ed8ed648f525449254fc348fa480bc01f5c71badb80ec7714461ba88e',
  },
  {
    file: 'webhook-callbacks/store_order_transaction_created.yml',
    upstream: 'docs/webhooks/callbacks/store_order_transaction_created.yml',
    sha256: 'f808d188b3d4a5c5ac78eddb54ccad9d038554aab0b896cdcc834a5ac001109d',
  },
  {
    file: 'webhook-callbacks/store_order_updated.yml',
    upstream: 'docs/webhooks/callbacks/store_order_updated.yml',
    sha256: 'cdf75a0e7ee4094d4a87618147c2eb1f7fe53f738b1fb68af692b8971d954e3d',
  },
  {
    file: 'webhook-callbacks/store_shipment_created.yml',
    upstream: 'docs/webhooks/callbacks/store_shipment_created.yml',
    sha256: '518498d2686545076bacd0efb66d1a137a1f66a3ef9667130bb87e83579e1f0b',
  },
  {
    file: 'webhook-callbacks/store_shipment_deleted.yml',
    upstream: 'docs/webhooks/callbacks/store_shipment_deleted.yml',
    sha256: '0a6fd67644d6acdf667722e276e456dbd73637120de4f2cca7481d751ffd9e9c',
  },
  {
    file: 'webhook-callbacks/store_shipment_updated.yml',
    upstream: 'docs/webhooks/callbacks/store_shipment_updated.yml',
    sha256: 'b6b931b5e14b8c732cc383f96715a2d352a3dfe9633db477a724df1243fb664c',
  },
  {
    file: 'webhook-callbacks/data/store_order_archived.json',
    upstream: 'docs/webhooks/callbacks/data/store_order_archived.json',
    sha256: '689c9e7165b0d7e7317c01e02d3c3acb7ace6cebc23c31aca8aa09575871c4b7',
  },
  {
    file: 'webhook-callbacks/data/store_order_created.json',
    upstream: 'docs/webhooks/callbacks/data/store_order_created.json',
    sha256: 'fc1fd421ccad591c4753816779ea24f16e0cc52c3d4f136d95385c16712c6bfa',
  },
  {
    file: 'webhook-callbacks/data/store_order_message_created.json',
    upstream: 'docs/webhooks/callbacks/data/store_order_message_created.json',
    sha256: '79ddf4ce9d88ad99b27efaa0231083c3e8d27c9985b2d221cdf82ecf376ca8f9',
  },
  {
    file: 'webhook-callbacks/data/store_order_refund_created.json',
    upstream: 'docs/webhooks/callbacks/data/store_order_refund_created.json',
    sha256: '52735e620187d2a7b833878dc01e93e8c82eef93959b512754772705a6f62d56',
  },
  {
    file: 'webhook-callbacks/data/store_order_statusUpdated.json',
    upstream: 'docs/webhooks/callbacks/data/store_order_statusUpdated.json',
    sha256: '85e73c339999aa6a24af0b310f6612a7dd39c6da512adde13d387f1be4260fac',
  },
  {
    file: 'webhook-callbacks/data/store_order_updated.json',
    upstream: 'docs/webhooks/callbacks/data/store_order_updated.json',
    sha256: '3f7ea2f9381b8690723af05424ba63756fd93a7725894644055677b0f3eaf130',
  },
  {
    file: 'webhook-callbacks/data/store_shipment_created.json',
    upstream: 'docs/webhooks/callbacks/data/store_shipment_created.json',
    sha256: '616fc54e8a817bcbda377fd94c80499dba7813525b48838a40a368577b560291',
  },
  {
    file: 'webhook-callbacks/data/store_shipment_deleted.json',
    upstream: 'docs/webhooks/callbacks/data/store_shipment_deleted.json',
    sha256: '0ecf9ab8c2d147a12c62e6daf55c1d479e3f403dd8b2c1e5276b44d357f924f0',
  },
  {
    file: 'webhook-callbacks/data/store_shipment_updated.json',
    upstream: 'docs/webhooks/callbacks/data/store_shipment_updated.json',
    sha256: '55be109e0917b98d9658f2a62bfa9dd3d3db2569744dffa129e3309dbda078a4',
  },
]);

/** Folders searched when BC_SPECS_DIR is not set, relative to the repository root, in order. */
const SHARED_SPECS_DIR = '../shared/specs/bigcommerce';
const FETCHED_SPECS_DIR = '.specs/bigcommerce';
const DEFAULT_SPECS_DIRS = Object.freeze([SHARED_SPECS_DIR, FETCHED_SPECS_DIR]);

/** Appended to the title of a suite skipped for want of specs; the jest reporter counts those tests. */
const SKIP_MARK = '[skipped: no BigCommerce specs]';

const HOW_TO_GET_THEM =
  'run `npm run specs:fetch` (needs internet) or set BC_SPECS_DIR to a folder holding them';

/** raw.githubusercontent.com URL of one upstream path at the pinned commit. */
function rawUrl(upstreamPath, commit = UPSTREAM.commit) {
  const encoded = upstreamPath.split('/').map(encodeURIComponent).join('/');
  return `https://raw.githubusercontent.com/${UPSTREAM.repo}/${commit}/${encoded}`;
}

function defaultExists(file) {
  return fs.existsSync(file);
}

/** `dir` relative to the repository root when it is inside or beside it, else absolute. */
function shown(repoRoot, dir) {
  const relative = path.relative(repoRoot, dir);
  return relative === '' ? '.' : relative.startsWith('../../') || path.isAbsolute(relative) ? dir : relative;
}

/**
 * Finds a complete copy of the specs. Pure apart from `exists` (injected in tests).
 *   { found: true, dir, source }            source: 'BC_SPECS_DIR' or the default folder it came from
 *   { found: false, reason, searched }      reason: one line saying what is missing and how to get it
 * A BC_SPECS_DIR that is set is the only place looked at, so a wrong value is reported, not bypassed.
 */
function locateSpecs({ env = process.env, repoRoot, exists = defaultExists } = {}) {
  if (!repoRoot) throw new Error('locateSpecs needs the repository root');
  const fromEnv = typeof env.BC_SPECS_DIR === 'string' && env.BC_SPECS_DIR.trim() !== '';
  const candidates = fromEnv
    ? [{ dir: path.resolve(repoRoot, env.BC_SPECS_DIR.trim()), source: 'BC_SPECS_DIR' }]
    : DEFAULT_SPECS_DIRS.map((dir) => ({ dir: path.resolve(repoRoot, dir), source: dir }));
  const partial = [];
  for (const { dir, source } of candidates) {
    const missing = SPEC_FILES.map((spec) => spec.file).filter((file) => !exists(path.join(dir, file)));
    if (missing.length === 0) return { found: true, dir, source };
    if (missing.length < SPEC_FILES.length) partial.push({ dir, missing });
  }
  const searched = candidates.map((candidate) => candidate.dir);
  const where = fromEnv
    ? `BC_SPECS_DIR=${shown(repoRoot, searched[0])}`
    : searched.map((dir) => shown(repoRoot, dir)).join(' or ');
  const incomplete = partial[0]
    ? `; ${shown(repoRoot, partial[0].dir)} lacks ${partial[0].missing[0]}` +
      (partial[0].missing.length > 1 ? ` and ${partial[0].missing.length - 1} more` : '')
    : '';
  return {
    found: false,
    searched,
    reason: `no complete copy of BigCommerce's OpenAPI specs in ${where}${incomplete} — ${HOW_TO_GET_THEM}`,
  };
}

/** The one line printed when conformance tests were skipped. */
function skippedLine(count, reason) {
  return `BigCommerce conformance tests skipped (${count}): ${reason}.`;
}

/** A failure of `npm run specs:fetch` that its message alone explains (printed without a stack). */
class SpecsFetchError extends Error {
  constructor(message) {
    super(message);
    this.name = 'SpecsFetchError';
  }
}

function sha256(bytes) {
  return crypto.createHash('sha256').update(bytes).digest('hex');
}

/** Why a request never got an answer, as a short phrase (`ENOTFOUND`, `timed out after 30 s`, ...). */
function networkCause(error, timeoutMs) {
  if (error && (error.name === 'TimeoutError' || error.name === 'AbortError')) {
    return `timed out after ${Math.round(timeoutMs / 1000)} s`;
  }
  const cause = error && error.cause;
  const code = (cause && (cause.code || cause.name)) || (error && error.code);
  const message = (cause && cause.message) || (error && error.message) || String(error);
  return code && !String(message).includes(code) ? `${code}: ${message}` : String(message);
}

const OFFLINE_HINT =
  "check the internet connection (behind a proxy? Node 20's fetch ignores HTTPS_PROXY: download the files listed in scripts/specs/bigcommerce-specs.js by hand instead)";

/**
 * Downloads one spec file at the pinned commit and checks its sha256. Retries network failures,
 * 429 and 5xx with a growing pause; anything else fails at once with a SpecsFetchError.
 */
async function downloadSpec(spec, opts) {
  const { fetchImpl, timeoutMs = 30000, retries = 2, sleep, verify = true, commit = UPSTREAM.commit } = opts;
  const pause = sleep || ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
  const url = rawUrl(spec.upstream, commit);
  /** Phrases the last retryable failure, given how many times it was tried (`3 times `). */
  let lastProblem = () => '';
  for (let attempt = 0; attempt <= retries; attempt += 1) {
    if (attempt > 0) await pause(1000 * 2 ** (attempt - 1));
    let response;
    let bytes;
    try {
      response = await fetchImpl(url, {
        signal: AbortSignal.timeout(timeoutMs),
        headers: { 'user-agent': 'iom-connector-bigcommerce specs:fetch' },
      });
      if (response.ok) bytes = Buffer.from(await response.arrayBuffer());
    } catch (error) {
      const cause = networkCause(error, timeoutMs);
      lastProblem = (times) => `could not download ${url} ${times}(${cause}); ${OFFLINE_HINT}`;
      continue;
    }
    if (!response.ok) {
      const problem = `${url} answered HTTP ${response.status}`;
      if (response.status === 429 || response.status >= 500) {
        lastProblem = (times) => `${problem} ${times}(GitHub is busy or rate-limiting); try again later`;
        continue;
      }
      if (response.status === 404) {
        throw new SpecsFetchError(`${problem}: ${spec.upstream} is not at bigcommerce/docs@${commit}`);
      }
      throw new SpecsFetchError(problem);
    }
    const actual = sha256(bytes);
    if (verify && actual !== spec.sha256) {
      throw new SpecsFetchError(
        `${spec.file} from ${url} has sha256 ${actual}, not the pinned ${spec.sha256}; ` +
          'a proxy may have altered it (rerun with --no-verify to keep it anyway)',
      );
    }
    return bytes;
  }
  throw new SpecsFetchError(lastProblem(retries === 0 ? '' : `${retries + 1} times `));
}

/** Downloads `specs` a few at a time; resolves to file → bytes, or rejects with the first failure. */
async function downloadSpecs(specs, opts) {
  const { concurrency = 4 } = opts;
  const result = new Map();
  const queue = [...specs];
  let failure;
  async function worker() {
    while (queue.length > 0 && !failure) {
      const spec = queue.shift();
      try {
        result.set(spec.file, await downloadSpec(spec, opts));
      } catch (error) {
        failure = failure || error;
      }
    }
  }
  await Promise.all(Array.from({ length: Math.min(concurrency, specs.length) }, worker));
  if (failure) throw failure;
  return result;
}

/** The specs in `dir` that are absent or differ from the pinned content (all of them when `force`). */
function specsToFetch(
  dir,
  { force = false, specs = SPEC_FILES, read = (file) => fs.readFileSync(file) } = {},
) {
  return specs.filter((spec) => {
    if (force) return true;
    try {
      return sha256(read(path.join(dir, spec.file))) !== spec.sha256;
    } catch {
      return true;
    }
  });
}

/** Writes each file next to its destination, then renames it into place, so no half-written spec is left. */
function writeSpecs(dir, files) {
  for (const [file, bytes] of files) {
    const destination = path.join(dir, file);
    const partial = `${destination}.partial-${process.pid}`;
    try {
      fs.mkdirSync(path.dirname(destination), { recursive: true });
      fs.writeFileSync(partial, bytes);
      fs.renameSync(partial, destination);
    } catch (error) {
      fs.rmSync(partial, { force: true });
      throw new SpecsFetchError(`cannot write ${destination} (${error.code || error.message})`);
    }
  }
}

module.exports = {
  UPSTREAM,
  SPEC_FILES,
  SHARED_SPECS_DIR,
  FETCHED_SPECS_DIR,
  DEFAULT_SPECS_DIRS,
  SKIP_MARK,
  rawUrl,
  locateSpecs,
  skippedLine,
  SpecsFetchError,
  sha256,
  downloadSpec,
  downloadSpecs,
  specsToFetch,
  writeSpecs,
};
