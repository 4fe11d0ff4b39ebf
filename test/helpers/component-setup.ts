/**
 * For component tests (files with `@jest-environment ./test/helpers/jsdom-environment.js`): a console
 * error or warning fails the test that caused it, and the browser APIs BigDesign expects exist.
 */
export {};

if (typeof window !== 'undefined') {
  const problems: string[] = [];
  const original = { error: console.error, warn: console.warn };

  beforeEach(() => {
    problems.length = 0;
    for (const level of ['error', 'warn'] as const) {
      jest.spyOn(console, level).mockImplementation((...args: unknown[]) => {
        problems.push(`console.${level}: ${args.map(String).join(' ')}`);
        original[level](...args);
      });
    }
  });

  afterEach(() => {
    jest.restoreAllMocks();
    if (problems.length > 0) {
      const found = problems.splice(0);
      throw new Error(`The component wrote to the console:\n${found.join('\n')}`);
    }
  });

  // jsdom has no layout: BigDesign's popovers and tables ask for these.
  if (!window.matchMedia) {
    window.matchMedia = (query: string) =>
      ({
        matches: false,
        media: query,
        onchange: null,
        addListener: () => undefined,
        removeListener: () => undefined,
        addEventListener: () => undefined,
        removeEventListener: () => undefined,
        dispatchEvent: () => false,
      }) as MediaQueryList;
  }
  if (!('ResizeObserver' in window)) {
    (window as unknown as { ResizeObserver: unknown }).ResizeObserver = class {
      observe(): void {}
      unobserve(): void {}
      disconnect(): void {}
    };
  }
  window.scrollTo = () => undefined;
}
