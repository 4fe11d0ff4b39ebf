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

  it('the README configuration table lists every variable', () => {
    const readme = fs.readFileSync(path.join(root, 'README.md'), 'utf8');
    for (const name of CONFIG_VARIABLES) expect(readme).toMatch(new RegExp(`\\|\\s*\`${name}\``));
  });
});
