import { install, startHarness, type Harness } from './bigcommerce-kit';

/** The simulator's GraphQL Admin API, as far as App Extensions go. */
describe('BigCommerce simulator: GraphQL Admin API (App Extensions)', () => {
  let h: Harness;
  let token: string;
  beforeEach(async () => {
    h = await startHarness();
    token = (await install(h, 'demo7x3')).access_token;
  });
  afterEach(() => h.close());

  const graphql = async (body: unknown, opts: { token?: string; store?: string } = {}) => {
    const res = await fetch(`${h.sim.url}/stores/${opts.store ?? 'demo7x3'}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-auth-token': opts.token ?? token },
      body: JSON.stringify(body),
    });
    return { status: res.status, body: (await res.json()) as Record<string, unknown> };
  };
  const CREATE = `mutation ($input: CreateAppExtensionInput!) {
    appExtension { createAppExtension(input: $input) { appExtension { id context model url label { defaultValue } } } }
  }`;
  const LIST = 'query { store { appExtensions { edges { node { id url model } } } } }';
  const input = (overrides: Record<string, unknown> = {}) => ({
    context: 'LINK',
    model: 'ORDERS',
    url: '/orders/${id}',
    label: { defaultValue: 'View in app', locales: [{ value: 'View in app', localeCode: 'en-US' }] },
    ...overrides,
  });

  it('creates, lists and deletes an extension, answering only the selected fields', async () => {
    const created = await graphql({ query: CREATE, variables: { input: input() } });
    expect(created).toEqual({
      status: 200,
      body: {
        data: {
          appExtension: {
            createAppExtension: {
              appExtension: {
                id: expect.stringMatching(/^bc\/store\/appExtension\/\d+$/),
                context: 'LINK',
                model: 'ORDERS',
                url: '/orders/${id}',
                label: { defaultValue: 'View in app' },
              },
            },
          },
        },
      },
    });
    const listed = await graphql({ query: LIST });
    const id = h.sim.inspect.appExtensions('demo7x3')[0]?.id;
    expect(listed.body).toEqual({
      data: {
        store: { appExtensions: { edges: [{ node: { id, url: '/orders/${id}', model: 'ORDERS' } }] } },
      },
    });

    const deleted = await graphql({
      query: `mutation { appExtension { deleteAppExtension(input: { id: "${id}" }) { deletedAppExtensionId } } }`,
    });
    expect(deleted.body).toEqual({
      data: { appExtension: { deleteAppExtension: { deletedAppExtensionId: id } } },
    });
    expect(h.sim.inspect.appExtensions('demo7x3')).toEqual([]);
  });

  it('accepts the inline-literal form of the docs (enums unquoted)', async () => {
    const inline = await graphql({
      query: `mutation { appExtension { createAppExtension(input: { context: PANEL, model: ORDERS, url: "/x/\${id}",
        label: { defaultValue: "Panel", locales: [{ value: "Panneau", localeCode: "fr-FR" }] } }) { appExtension { model context } } } }`,
    });
    expect(inline.body).toEqual({
      data: { appExtension: { createAppExtension: { appExtension: { model: 'ORDERS', context: 'PANEL' } } } },
    });
    expect(h.sim.inspect.appExtensions('demo7x3')[0]?.label.locales).toEqual([
      { value: 'Panneau', localeCode: 'fr-FR' },
    ]);
  });

  it('refuses a third extension for one model', async () => {
    for (const n of [1, 2]) {
      const ok = await graphql({ query: CREATE, variables: { input: input({ url: `/x${n}` }) } });
      expect(ok.body['errors']).toBeUndefined();
    }
    const third = await graphql({ query: CREATE, variables: { input: input({ url: '/x3' }) } });
    expect(third.body).toEqual({
      data: { appExtension: { createAppExtension: null } },
      errors: [
        {
          message: expect.stringMatching(/at most 2 app extensions for the ORDERS model/),
          path: ['appExtension', 'createAppExtension'],
        },
      ],
    });
    const products = await graphql({ query: CREATE, variables: { input: input({ model: 'PRODUCTS' }) } });
    expect(products.body['errors']).toBeUndefined();
    expect(h.sim.inspect.appExtensions('demo7x3')).toHaveLength(3);
  });

  it('refuses bad input, unknown fields and syntax errors with GraphQL errors', async () => {
    const bad = await graphql({ query: CREATE, variables: { input: input({ context: 'POPUP', url: 'x' }) } });
    expect(bad.status).toBe(200);
    expect((bad.body['errors'] as Array<{ message: string }>)[0]?.message).toMatch(/Invalid input.*context/s);
    const unknown = await graphql({ query: 'query { store { products { id } } }' });
    expect(unknown.body['errors']).toEqual([
      { message: "Field 'products' doesn't exist on type 'store'", path: ['store', 'products'] },
    ]);
    const syntax = await graphql({ query: 'query { store { appExtensions { edges' });
    expect(syntax.body).toEqual({ errors: [{ message: expect.stringMatching(/^Syntax Error/) }] });
    const missing = await graphql({ query: CREATE });
    expect(missing.body).toEqual({ errors: [{ message: 'Variable "$input" was not provided.' }] });
    expect(h.sim.inspect.appExtensions('demo7x3')).toEqual([]);
  });

  it('needs the store_app_extensions_manage scope and the store token', async () => {
    h.sim.setAppScopes('store_v2_orders');
    const narrow = (await install(h, 'demo7x3')).access_token;
    const refused = await graphql({ query: LIST }, { token: narrow });
    expect(refused.body).toEqual({
      errors: [{ message: expect.stringMatching(/lacks the OAuth scope store_app_extensions_manage/) }],
    });
    expect((await graphql({ query: LIST }, { token: 'nope' })).status).toBe(401);
    expect((await graphql({ query: LIST }, { token: narrow, store: 'othr9k2' })).status).toBe(401);
  });

  it('keeps each store’s extensions apart and drops the app’s on uninstall', async () => {
    await graphql({ query: CREATE, variables: { input: input() } });
    const other = (await install(h, 'othr9k2')).access_token;
    const listed = await graphql({ query: LIST }, { token: other, store: 'othr9k2' });
    expect(listed.body).toEqual({ data: { store: { appExtensions: { edges: [] } } } });
    await h.sim.uninstall('demo7x3');
    expect(h.sim.inspect.appExtensions('demo7x3')).toEqual([]);
  });
});
