import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { CONFIG_VARIABLES } from '../../server/config';

const root = path.resolve(__dirname, '..', '..');

describe('deployment documentation matches the configuration schema', () => {
  it('app.json describes every variable (PORT is set by Heroku), and generates APP_SECRET_KEY', () => {
    const appJson = JSON.parse(fs.readFileSync(path.join(root, 'app.json'), 'utf8')) as {
      env: Record<string, { description?: string; generator?: string }>;
    };
    for (const name of CONFIG_VARIABLES.filter((v) => v !== 'PORT')) {
      expect(appJson.env[name]?.description).toEqual(expect.any(String));
    }
    expect(Object.keys(appJson.env).every((name) => (CONFIG_VARIABLES as string[]).includes(name))).toBe(
      true,
    );
    expect(appJson.env.APP_SECRET_KEY?.generator).toBe('secret');
  });

  it('the Procfile runs a web and a worker process, and app.json declares both formations', () => {
    const procfile = fs.readFileSync(path.join(root, 'Procfile'), 'utf8');
    const processes = Object.fromEntries(
      procfile
        .split('\n')
        .filter((line) => line.trim())
        .map((line) => [line.slice(0, line.indexOf(':')), line.slice(line.indexOf(':') + 1).trim()]),
    );
    expect(processes.web).toMatch(/npm start$/);
    expect(processes.web).not.toContain('ROLE=worker');
    expect(processes.worker).toBe('ROLE=worker npm start');
    const appJson = JSON.parse(fs.readFileSync(path.join(root, 'app.json'), 'utf8')) as {
      formation: Record<string, { quantity: number }>;
      env: Record<string, { value?: string }>;
    };
    expect(Object.keys(appJson.formation).sort()).toEqual(['web', 'worker']);
    // The default storage is SQLite (one dyno's disk): the web dyno does everything, no worker runs.
    expect(appJson.env.STORAGE?.value).toBe('sqlite');
    expect(appJson.env.ROLE?.value).toBe('all');
    expect(appJson.formation.worker?.quantity).toBe(0);
  });

  it('README and ARCHITECTURE describe the process roles and the metrics', () => {
    const readme = fs.readFileSync(path.join(root, 'README.md'), 'utf8');
    const architecture = fs.readFileSync(path.join(root, 'ARCHITECTURE.md'), 'utf8');
    expect(readme).toMatch(/SQLite means one process: `ROLE=all`/);
    for (const doc of [readme, architecture]) {
      for (const name of ['ROLE=web', 'ROLE=worker', '/metrics', 'METRICS_TOKEN'])
        expect(doc).toContain(name);
      for (const metric of [
        'iomc_webhooks_total',
        'iomc_jobs_total',
        'iomc_jobs_running',
        'iomc_external_calls_total',
        'iomc_external_throttled_total',
        'iomc_relay_latency_seconds',
      ]) {
        expect(doc).toContain(metric);
      }
    }
  });

  it('the README configuration table lists every variable', () => {
    const readme = fs.readFileSync(path.join(root, 'README.md'), 'utf8');
    for (const name of CONFIG_VARIABLES) expect(readme).toMatch(new RegExp(`\\|\\s*\`${name}\``));
  });
});

/** Every tracked file (git ls-files), or every file under the root when this is not a git checkout. */
function trackedFiles(): string[] {
  try {
    return execFileSync('git', ['ls-files', '-z'], { cwd: root, encoding: 'utf8' })
      .split('\0')
      .filter(Boolean);
  } catch {
    const skip = new Set(['.git', 'node_modules', 'dist', 'data', 'coverage', 'shots', '.specs']);
    const walk = (dir: string): string[] =>
      fs.readdirSync(path.join(root, dir), { withFileTypes: true }).flatMap((entry) => {
        const relative = path.join(dir, entry.name);
        if (entry.isDirectory()) return skip.has(entry.name) ? [] : walk(relative);
        return entry.isFile() ? [relative] : [];
      });
    return walk('');
  }
}

describe('the repository stands alone', () => {
  /** Files outside the repository (the private notes) that nothing here may point at. */
  const OUTSIDE = [/\bresearch\//, /\bDESIGN\.md\b/];
  /** A relative path to a `shared` folder; allowed when it stays inside the repository. */
  const SHARED = /(?:\.\.\/)+shared\/[\w./-]*/g;
  /** BC_SPECS_DIR's documented default: a copy of BigCommerce's specs beside the clone, if there is one. */
  const SPECS_BESIDE_THE_CLONE = ['..', 'shared', 'specs', 'bigcommerce'].join('/');

  it('no tracked file cites the notes outside it, or a shared folder beside the clone', () => {
    const problems: string[] = [];
    for (const file of trackedFiles()) {
      const bytes = fs.readFileSync(path.join(root, file));
      if (bytes.includes(0)) continue;
      const lines = bytes.toString('utf8').split('\n');
      lines.forEach((line, i) => {
        const where = `${file}:${i + 1}`;
        for (const pattern of OUTSIDE) if (pattern.test(line)) problems.push(`${where}: ${line.trim()}`);
        for (const [reference] of line.matchAll(SHARED)) {
          if (reference.startsWith(SPECS_BESIDE_THE_CLONE)) continue;
          const target = path.resolve(root, path.dirname(file), reference);
          if (path.relative(root, target).startsWith('..')) problems.push(`${where}: ${line.trim()}`);
        }
      });
    }
    expect(problems).toEqual([]);
  });
});
