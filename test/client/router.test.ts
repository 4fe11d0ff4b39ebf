import { matchPath, normalizePath } from '../../client/components/Router';
import { formatDateTime } from '../../client/components/DateTime';

describe('normalizePath', () => {
  it.each([
    ['/', '/'],
    ['', '/'],
    ['/?x=1', '/'],
    ['/orders/7/', '/orders/7'],
    ['/orders/7?tab=lines#top', '/orders/7'],
    ['orders', '/orders'],
    ['//', '/'],
  ])('%j → %j', (input, expected) => {
    expect(normalizePath(input)).toBe(expected);
  });
});

describe('matchPath', () => {
  it('matches the root only by the root', () => {
    expect(matchPath('/', '/')).toEqual({});
    expect(matchPath('/', '/?from=load')).toEqual({});
    expect(matchPath('/', '/settings')).toBeNull();
  });

  it('matches literal segments exactly', () => {
    expect(matchPath('/settings', '/settings/')).toEqual({});
    expect(matchPath('/settings', '/Settings')).toBeNull();
    expect(matchPath('/settings', '/settings/more')).toBeNull();
  });

  it('captures and decodes parameters', () => {
    expect(matchPath('/orders/:id', '/orders/106')).toEqual({ id: '106' });
    expect(matchPath('/orders/:id/lines/:line', '/orders/a%20b/lines/3')).toEqual({ id: 'a b', line: '3' });
    expect(matchPath('/orders/:id', '/orders')).toBeNull();
  });

  it('does not match a parameter that is not valid percent-encoding', () => {
    expect(matchPath('/orders/:id', '/orders/%E0%A4%A')).toBeNull();
  });
});

describe('formatDateTime', () => {
  it('formats an ISO time for the given locale', () => {
    expect(formatDateTime('2026-03-04T15:30:00Z', 'en-US')).toMatch(/^March 4, 2026/);
  });

  it('shows the raw value when it is not a date', () => {
    expect(formatDateTime('yesterday', 'en-US')).toBe('yesterday');
  });
});
