import { bootstrapFrom, installStore, ownerSession, startHarness, type Harness } from '../helpers/harness';

const STORE = 'demo7x3';
const OWNER = 7654321;
const graphqlCalls = (h: Harness) =>
  h.sim.inspect.requests.filter((r) => r.path === `/stores/${STORE}/graphql`).length;

/** The order action menu item (a BigCommerce App Extension) that opens the order's page in the app. */
describe('App Extension: the order action menu item', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await startHarness();
  });
  afterEach(() => h.close());

  it('is registered once on install; later loads and a re-install do not duplicate it', async () => {
    await ownerSession(h);
    expect(h.sim.inspect.appExtensions(STORE)).toEqual([
      {
        id: expect.any(String),
        context: 'LINK',
        model: 'ORDERS',
        url: '/orders/${id}',
        label: {
          defaultValue: 'View in IOM Connector',
          locales: [{ value: 'View in IOM Connector', localeCode: 'en-US' }],
        },
      },
    ]);
    expect(h.sim.inspect.appExtensions(STORE)[0]?.label.defaultValue.length).toBeLessThanOrEqual(25);
    const afterInstall = graphqlCalls(h);
    for (let i = 0; i < 2; i++) expect((await fetch(await h.sim.loadUrl(STORE, OWNER))).status).toBe(200);
    // Known registered in this process: a load costs no GraphQL call.
    expect(graphqlCalls(h)).toBe(afterInstall);
    expect((await installStore(h, STORE)).status).toBe(200);
    expect(h.sim.inspect.appExtensions(STORE)).toHaveLength(1);
    expect(h.logs.filter((l) => l.includes('App Extension) registered'))).toHaveLength(1);
  });

  it('without the scope nothing is registered and the install still succeeds', async () => {
    h.sim.setAppScopes('store_v2_orders store_v2_information_read_only');
    const res = await installStore(h, STORE);
    expect(res.status).toBe(200);
    expect(bootstrapFrom(await res.text()).token).toBeTruthy();
    expect((await fetch(await h.sim.loadUrl(STORE, OWNER))).status).toBe(200);
    expect(graphqlCalls(h)).toBe(0);
    expect(h.sim.inspect.appExtensions(STORE)).toEqual([]);
    expect(h.logs.some((l) => l.includes('store_app_extensions_manage'))).toBe(true);
  });

  it('a refused registration does not fail the install and is retried at the next load', async () => {
    h.sim.knobs.graphqlFailure = 500;
    const res = await installStore(h, STORE);
    expect(res.status).toBe(200);
    expect((await h.deps.storage.stores.get(STORE))?.status).toBe('installed');
    expect(h.sim.inspect.appExtensions(STORE)).toEqual([]);
    const hint = h.logs.map((l) => JSON.parse(l) as Record<string, unknown>).find((l) => l['level'] === 40);
    expect(String(hint?.['msg'])).toMatch(/not registered yet.*tried again when the app is next opened/);

    h.sim.knobs.graphqlFailure = null;
    expect((await fetch(await h.sim.loadUrl(STORE, OWNER))).status).toBe(200);
    expect(h.sim.inspect.appExtensions(STORE)).toHaveLength(1);
    expect((await fetch(await h.sim.loadUrl(STORE, OWNER))).status).toBe(200);
    expect(h.sim.inspect.appExtensions(STORE)).toHaveLength(1);
  });

  it('finds an existing extension instead of creating a second one', async () => {
    h.sim.knobs.graphqlFailure = 503;
    await installStore(h, STORE);
    h.sim.knobs.graphqlFailure = null;
    // Registered meanwhile (by another process of the app, say): the load only lists it.
    await fetch(`${h.sim.url}/stores/${STORE}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-auth-token': h.sim.inspect.currentToken(STORE)! },
      body: JSON.stringify({
        query: `mutation { appExtension { createAppExtension(input: { context: LINK, model: ORDERS, url: "/orders/\${id}", label: { defaultValue: "x", locales: [] } }) { appExtension { id } } } }`,
      }),
    });
    expect((await fetch(await h.sim.loadUrl(STORE, OWNER))).status).toBe(200);
    expect(h.sim.inspect.appExtensions(STORE)).toHaveLength(1);
  });

  it('a load whose url is /orders/106 (the menu item of order 106) opens that page', async () => {
    await ownerSession(h);
    const res = await fetch(await h.sim.loadUrl(STORE, OWNER, '/orders/106'));
    expect(res.status).toBe(200);
    expect(bootstrapFrom(await res.text()).path).toBe('/orders/106');
  });
});
