import { describeWithSpecs, specFile } from '../helpers/bigcommerce-specs';
import { OpenApiValidator } from '../helpers/openapi-validator';

const HOOK = {
  id: 1,
  client_id: 'c',
  store_hash: 's',
  scope: 'store/order/*',
  destination: 'https://a.example/h',
  headers: null,
  is_active: true,
  created_at: 1,
  updated_at: 1,
};

describeWithSpecs("OpenAPI response validator on BigCommerce's specs", () => {
  it.each(['webhooks.v3.yml', 'orders.v2.oas2.yml', 'orders.v3.yml'])(
    'compiles every response schema of %s',
    (file) => {
      const spec = OpenApiValidator.fromFile(specFile(file));
      const responses = spec.responses();
      expect(responses.length).toBeGreaterThan(10);
      for (const { method, path: template, status } of responses) {
        const code = /^\d{3}$/.test(status) ? Number(status) : 599;
        expect(() => spec.validateResponse({ method, path: template, status: code, body: {} })).not.toThrow();
      }
    },
  );

  let webhooks: OpenApiValidator;
  beforeAll(() => {
    webhooks = OpenApiValidator.fromFile(specFile('webhooks.v3.yml'));
  });

  it('accepts a body that matches, including OpenAPI 3.0 `nullable` fields set to null', () => {
    expect(
      webhooks.validateResponse({
        method: 'GET',
        path: '/hooks/{webhook_id}',
        status: 200,
        body: { data: HOOK, meta: {} },
      }),
    ).toEqual({
      valid: true,
      errors: [],
    });
  });

  it('reports a wrong type with the place it occurs, through component $refs', () => {
    const result = webhooks.validateResponse({
      method: 'post',
      path: '/hooks',
      status: 200,
      body: { data: { ...HOOK, id: '1', headers: { a: 2 } }, meta: {} },
    });
    expect(result.valid).toBe(false);
    expect(result.errors).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^POST \/hooks 200: \/data\/id must be integer/),
        expect.stringMatching(/\/data\/headers\/a must be string/),
      ]),
    );
  });

  it('follows response $refs to the shared error shapes', () => {
    expect(() =>
      webhooks.assertValidResponse({ method: 'get', path: '/hooks', status: 401, body: { status: 'nope' } }),
    ).toThrow(/\/status must be integer/);
  });

  it('refuses to validate a response the spec does not define', () => {
    expect(webhooks.hasResponse('put', '/hooks/{webhook_id}', 404)).toBe(false);
    expect(() =>
      webhooks.validateResponse({ method: 'put', path: '/hooks/{webhook_id}', status: 404, body: {} }),
    ).toThrow(/defines no response for PUT \/hooks\/\{webhook_id\} 404/);
  });

  it('checks a body-less response has no body', () => {
    expect(
      webhooks.validateResponse({ method: 'put', path: '/hooks/admin', status: 204, body: undefined }).valid,
    ).toBe(true);
    expect(
      webhooks.validateResponse({ method: 'put', path: '/hooks/admin', status: 204, body: {} }).valid,
    ).toBe(false);
  });
});

describe('OpenAPI response validator', () => {
  it('translates nullable enums, boolean exclusive bounds and `default` responses', () => {
    const spec = OpenApiValidator.fromDocument({
      openapi: '3.0.3',
      paths: {
        '/things': {
          get: {
            responses: {
              default: {
                content: {
                  'application/json': {
                    schema: {
                      type: 'object',
                      properties: {
                        kind: { type: 'string', enum: ['a', 'b'], nullable: true, example: 'a' },
                        ratio: { type: 'number', minimum: 0, exclusiveMinimum: true, 'x-note': 'open' },
                        amount: { type: 'string', format: 'decimal' },
                      },
                    },
                  },
                },
              },
            },
          },
        },
      },
    });
    const check = (body: unknown) =>
      spec.validateResponse({ method: 'get', path: '/things', status: 500, body }).valid;
    expect(check({ kind: null, ratio: 0.5, amount: '1.00' })).toBe(true);
    expect(check({ kind: 'c' })).toBe(false);
    expect(check({ ratio: 0 })).toBe(false);
  });

  it('refuses documents other than OpenAPI 3.0', () => {
    expect(() => OpenApiValidator.fromDocument({ openapi: '3.1.0', paths: {} })).toThrow(/3\.0\.x/);
    expect(() => OpenApiValidator.fromDocument({ swagger: '2.0' })).toThrow(/3\.0\.x/);
  });
});
