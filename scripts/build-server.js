// Bundles the server and the runnable scripts (demo, bench) with esbuild into dist/ (CommonJS,
// dependencies left external so native modules like better-sqlite3 load from node_modules).
const { build } = require('esbuild');
const fs = require('node:fs');
const path = require('node:path');

const root = path.resolve(__dirname, '..');
const entryPoints = {
  'server/main': 'server/main.ts',
  'scripts/demo': 'scripts/sandbox/demo.ts',
};
if (fs.existsSync(path.join(root, 'scripts/bench/index.ts')))
  entryPoints['scripts/bench'] = 'scripts/bench/index.ts';

build({
  absWorkingDir: root,
  entryPoints,
  outdir: 'dist',
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  packages: 'external',
  sourcemap: true,
  logLevel: 'warning',
}).catch(() => process.exit(1));
