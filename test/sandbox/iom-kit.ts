import { startIomSimulator, type IomSimulator, type IomSimulatorOptions } from '../../scripts/sandbox/iom';

/** Support for the IOM simulator's tests: its lifecycle, app tokens, Web API requests and test orders. */

/** Response JSON as the assertions read it: any property, plus the collection and error shapes. */
export interface Doc {
  [key: string]: unknown;
  value: Doc[];
  error: { code: string; message: string; [annotation: string]: string };
}

export interface WebApiResponse {
  status: number;
  headers: Headers;
  /** The parsed JSON body; null when there is none. */
  body: Doc;
}

export interface RunningSandbox {
  sim: IomSimulator;
  /** An app token for the environment, fetched after the reset; '' unless the sandbox was asked for one. */
  token: string;
}

export interface SandboxSetup {
  options?: IomSimulatorOptions;
  /** Fetch a fresh app token before each test. */
  withToken?: boolean;
}

/**
 * One simulator for the enclosing `describe`: started before its tests, reset before each test (then given
 * a fresh app token when `withToken`), closed after them. `bind` receives the running simulator once it has
 * started and again before each test, so that the test file can keep its own `sim` and `token` variables:
 * `useIomSandbox((running) => ({ sim, token } = running), { withToken: true })`.
 */
export function useIomSandbox(bind: (running: RunningSandbox) => void, setup: SandboxSetup = {}): void {
  let sim: IomSimulator | undefined;
  beforeAll(async () => {
    sim = await startIomSimulator(setup.options);
    bind({ sim, token: '' });
  });
  afterAll(async () => {
    await sim?.close();
  });
  beforeEach(async () => {
    if (!sim) throw new Error('The IOM simulator did not start.');
    sim.reset();
    bind({ sim, token: setup.withToken ? await appToken(sim) : '' });
  });
}

/** The token endpoint of `tenant` (by default the simulator's own tenant). */
export function tokenEndpoint(sim: IomSimulator, tenant = sim.credentials.tenantId): string {
  return `${sim.authorityHost}/${tenant}/oauth2/v2.0/token`;
}

/** A client credentials token request for the simulator's app registration and environment. */
export function clientCredentials(sim: IomSimulator): Record<string, string> {
  return {
    grant_type: 'client_credentials',
    client_id: sim.credentials.clientId,
    client_secret: sim.credentials.clientSecret,
    scope: `${sim.environmentUrl}/.default`,
  };
}

/** An app token for the environment, from the token endpoint. */
export async function appToken(sim: IomSimulator): Promise<string> {
  const response = await fetch(tokenEndpoint(sim), {
    method: 'POST',
    body: new URLSearchParams(clientCredentials(sim)),
  });
  return String(((await response.json()) as { access_token: string }).access_token);
}

/**
 * A Web API request with JSON and the OData 4.0 headers, and the bearer `token` unless it is null;
 * `headers` come last and win. `path` is below /api/data/v9.2/, or a full URL (a nextLink or deltaLink).
 */
export async function webApi(
  sim: IomSimulator,
  token: string | null,
  method: string,
  path: string,
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<WebApiResponse> {
  const url = path.startsWith('http') ? path : `${sim.environmentUrl}/api/data/v9.2/${path}`;
  const response = await fetch(url, {
    method,
    headers: {
      ...(token === null ? {} : { Authorization: `Bearer ${token}` }),
      Accept: 'application/json',
      'OData-MaxVersion': '4.0',
      'OData-Version': '4.0',
      ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
      ...headers,
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  return {
    status: response.status,
    headers: response.headers,
    body: (text ? JSON.parse(text) : null) as Doc,
  };
}

/** The id of a seeded product by its SKU; '' for an unknown SKU. */
export function productId(sim: IomSimulator, sku: string): string {
  return sim.catalog.products.find((p) => p.sku === sku)?.productId ?? '';
}

/** The sales order columns every test order has: its name `BC-<externalId>`, the external order id, and
 *  binds to the seeded account, price list and US dollar. */
export function orderHeader(sim: IomSimulator, externalId: string) {
  return {
    name: `BC-${externalId}`,
    msdyn_externalorderid: externalId,
    'customerid_account@odata.bind': `/accounts(${sim.catalog.accountId})`,
    'pricelevelid@odata.bind': `/pricelevels(${sim.catalog.priceLevelId})`,
    'transactioncurrencyid@odata.bind': `/transactioncurrencies(${sim.catalog.currencyIds.USD})`,
  };
}

/** An order line for a deep insert: `quantity` of the seeded product `sku`, in the seeded unit. */
export function orderLine(sim: IomSimulator, sku: string, quantity: number) {
  return {
    'productid@odata.bind': `/products(${productId(sim, sku)})`,
    'uomid@odata.bind': `/uoms(${sim.catalog.uomId})`,
    quantity,
  };
}

/** The id at the end of a create's OData-EntityId header; '' when there is none. */
export function entityIdOf(headers: Headers): string {
  return /\(([0-9a-f-]{36})\)$/.exec(headers.get('odata-entityid') ?? '')?.[1] ?? '';
}
