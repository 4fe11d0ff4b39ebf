import { DEBIAN_CHROMIUM, oneLineError, resolveChromium } from '../helpers/chromium';

const REGISTRY = '/home/me/.cache/ms-playwright/chromium-1255/chrome-linux64/chrome';
const existing =
  (...files: string[]) =>
  (file: string) =>
    files.includes(file);

describe('which Chromium the browser tests use', () => {
  it('takes CHROMIUM_PATH first, when that file exists', () => {
    expect(
      resolveChromium({
        env: { CHROMIUM_PATH: '/opt/chrome/chrome' },
        exists: existing('/opt/chrome/chrome', DEBIAN_CHROMIUM),
        registryPath: () => REGISTRY,
      }),
    ).toEqual({ found: true, executablePath: '/opt/chrome/chrome', source: 'CHROMIUM_PATH' });
  });

  it('says a CHROMIUM_PATH that does not exist is wrong, rather than using another browser', () => {
    const choice = resolveChromium({
      env: { CHROMIUM_PATH: '/nope' },
      exists: existing(DEBIAN_CHROMIUM),
      registryPath: () => REGISTRY,
    });
    expect(choice).toEqual({
      found: false,
      problem: expect.stringContaining('No Chromium at CHROMIUM_PATH=/nope'),
    });
  });

  it("falls back to Debian's /usr/bin/chromium, then to the browser playwright-core installed", () => {
    expect(
      resolveChromium({
        env: { CHROMIUM_PATH: '' },
        exists: existing(DEBIAN_CHROMIUM, REGISTRY),
        registryPath: () => REGISTRY,
      }),
    ).toEqual({ found: true, executablePath: DEBIAN_CHROMIUM, source: 'debian' });
    expect(resolveChromium({ env: {}, exists: existing(REGISTRY), registryPath: () => REGISTRY })).toEqual({
      found: true,
      executablePath: REGISTRY,
      source: 'playwright',
    });
  });

  it('without any, gives one line saying how to get one (also when playwright knows no build)', () => {
    for (const registryPath of [
      () => REGISTRY,
      () => undefined,
      () => {
        throw new Error('unsupported platform');
      },
    ]) {
      const choice = resolveChromium({ env: {}, exists: existing(), registryPath });
      expect(choice.found).toBe(false);
      const problem = choice.found ? '' : choice.problem;
      expect(problem).toContain('apt-get install -y chromium');
      expect(problem).toContain('CHROMIUM_PATH');
      expect(problem).not.toContain('\n');
    }
  });

  it('the failure carries no stack trace for jest to print', () => {
    const error = oneLineError('No Chromium: apt-get install -y chromium.');
    expect(error.stack).toBe('No Chromium: apt-get install -y chromium.');
    expect(error.message).toBe(error.stack);
  });
});
