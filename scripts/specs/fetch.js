#!/usr/bin/env node
'use strict';
/**
 * npm run specs:fetch [-- --dir <folder>] [--force] [--no-verify]
 *
 * Downloads BigCommerce's OpenAPI specs and webhook examples that the conformance tests check
 * against, from github.com/bigcommerce/docs at the pinned commit, into BC_SPECS_DIR or the
 * git-ignored .specs/bigcommerce. Files already there with the pinned content are kept. Needs
 * internet access to raw.githubusercontent.com; no dependencies beyond Node 20.
 */
const path = require('node:path');
const {
  FETCHED_SPECS_DIR,
  SPEC_FILES,
  SpecsFetchError,
  UPSTREAM,
  downloadSpecs,
  locateSpecs,
  specsToFetch,
  writeSpecs,
} = require('./bigcommerce-specs');

const REPO_ROOT = path.resolve(__dirname, '..', '..');

const USAGE = `Usage: npm run specs:fetch [-- --dir <folder>] [--force] [--no-verify]

Downloads ${SPEC_FILES.length} files from github.com/${UPSTREAM.repo} at ${UPSTREAM.commit}
into --dir, else BC_SPECS_DIR, else ${FETCHED_SPECS_DIR} (relative paths are taken from the repository root).
  --force      download every file again, even those already there with the pinned content
  --no-verify  keep files whose sha256 differs from the pinned one
`;

function parseArgs(argv) {
  const args = { dir: undefined, force: false, verify: true, help: false };
  for (let i = 0; i < argv.length; i += 1) {
    const arg = argv[i];
    if (arg === '--help' || arg === '-h') args.help = true;
    else if (arg === '--force') args.force = true;
    else if (arg === '--no-verify') args.verify = false;
    else if (arg === '--dir' && argv[i + 1]) args.dir = argv[(i += 1)];
    else if (arg.startsWith('--dir=')) args.dir = arg.slice('--dir='.length);
    else throw new SpecsFetchError(`unknown argument ${arg}\n\n${USAGE}`);
  }
  return args;
}

function say(line) {
  process.stdout.write(`${line}\n`);
}

async function main() {
  const args = parseArgs(process.argv.slice(2));
  if (args.help) return say(USAGE);
  if (typeof fetch !== 'function')
    throw new SpecsFetchError(`Node ${process.version} has no fetch; use Node 20 or later`);

  const chosen = args.dir || process.env.BC_SPECS_DIR || FETCHED_SPECS_DIR;
  const dir = path.resolve(REPO_ROOT, chosen);
  const relative = path.relative(process.cwd(), dir);
  const shownDir = relative === '' ? '.' : relative.startsWith('..') ? dir : relative;
  const wanted = specsToFetch(dir, { force: args.force });
  if (wanted.length === 0) {
    say(
      `All ${SPEC_FILES.length} BigCommerce spec files are already in ${shownDir} at ${UPSTREAM.commit.slice(0, 7)}.`,
    );
  } else {
    say(
      `Fetching ${wanted.length} files from ${UPSTREAM.repo}@${UPSTREAM.commit.slice(0, 7)} into ${shownDir} ...`,
    );
    const files = await downloadSpecs(wanted, { fetchImpl: fetch, verify: args.verify });
    writeSpecs(dir, files);
    say(`Fetched ${files.size} files into ${shownDir}.`);
  }
  const seen = locateSpecs({ env: process.env, repoRoot: REPO_ROOT });
  if (seen.found && seen.dir === dir)
    say('npm test now runs the BigCommerce conformance tests against them.');
  else if (seen.found) say(`npm test uses ${seen.dir} before them; set BC_SPECS_DIR=${dir} to use these.`);
  else say(`npm test looks for them there only with BC_SPECS_DIR=${dir} set.`);
}

main().catch((error) => {
  const message = error instanceof SpecsFetchError ? error.message : (error && error.stack) || String(error);
  process.stderr.write(`specs:fetch: ${message}\n`);
  process.exitCode = 1;
});
