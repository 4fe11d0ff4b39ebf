import { z } from 'zod';
import type { SandboxLink, SandboxNote, SandboxStoreSeed } from './types';

export interface BigCommerceSimulatorOptions {
  /** Default 0 (ephemeral). */
  port?: number;
  /** Default '127.0.0.1'. */
  host?: string;
  /** The app's base URL; callbacks are `${appUrl}/auth|/load|/uninstall|/remove_user`. */
  appUrl: string;
  clientId: string;
  clientSecret: string;
  /** Space-separated scopes the app asks for. */
  appScopes?: string;
  stores?: SandboxStoreSeed[];
  /** The simulator's clock in epoch milliseconds (codes, tokens, JWTs, hooks, quota windows). Default Date.now. */
  now?: () => number;
  /** Panels of sandbox facts the control panel shows (the demo lists the IOM sandbox's values there). */
  notes?: SandboxNote[];
  /** Extra side navigation items of the control panel, opening in a new tab (e.g. a mail catcher's inbox). */
  links?: SandboxLink[];
  /** Keep the simulator's state (stores and their install, tokens, hooks, app extensions, orders) in this
   *  JSON file across restarts: read at start, written after changes. For the demo; tests stay in memory. */
  stateFile?: string;
}

/** What the connector asks for in the Developer Portal (README, "Register the app with BigCommerce"). */
export const DEFAULT_APP_SCOPES =
  'store_v2_orders store_v2_information_read_only store_app_extensions_manage';

export const DEFAULT_STORES: readonly SandboxStoreSeed[] = [
  {
    hash: 'demo7x3',
    name: 'Demo Outfitters',
    owner: { id: 7654321, email: 'owner@example.com' },
    users: [{ id: 9876543, email: 'staff@example.com' }],
  },
  { hash: 'othr9k2', name: 'Other Goods Co.', owner: { id: 1111111, email: 'other-owner@example.com' } },
];

const httpUrl = z.url({ protocol: /^https?$/ });
const scopes = z
  .string()
  .trim()
  .regex(/^[a-z0-9_]+( [a-z0-9_]+)*$/, 'space-separated scope names');
const user = z.object({ id: z.int().positive(), email: z.email() });
const store = z
  .object({
    hash: z.string().regex(/^[a-z0-9]{1,32}$/, 'lower-case letters and digits'),
    owner: user,
    users: z.array(user).optional(),
    name: z.string().min(1).optional(),
  })
  .refine(
    (s) => new Set([s.owner.id, ...(s.users ?? []).map((u) => u.id)]).size === 1 + (s.users?.length ?? 0),
    {
      message: 'user ids must be unique within a store',
    },
  );

const optionsSchema = z.object({
  port: z.int().min(0).max(65535).default(0),
  host: z.string().min(1).default('127.0.0.1'),
  appUrl: httpUrl,
  clientId: z.string().min(1),
  clientSecret: z.string().min(1),
  appScopes: scopes.default(DEFAULT_APP_SCOPES),
  stores: z
    .array(store)
    .min(1)
    .refine((list) => new Set(list.map((s) => s.hash)).size === list.length, {
      message: 'store hashes must be unique',
    })
    .default(() => structuredClone([...DEFAULT_STORES])),
  now: z.custom<() => number>((v) => typeof v === 'function').default(() => Date.now),
  notes: z
    .array(
      z.object({
        title: z.string().min(1),
        rows: z.array(
          z.object({ label: z.string().min(1), value: z.string(), link: z.boolean().optional() }),
        ),
      }),
    )
    .default([]),
  links: z.array(z.object({ label: z.string().min(1), url: httpUrl })).default([]),
  stateFile: z.string().min(1).optional(),
});

export type ResolvedOptions = z.infer<typeof optionsSchema>;

/** Validates the options and fills in defaults; throws a readable error on bad input. */
export function resolveOptions(options: BigCommerceSimulatorOptions): ResolvedOptions {
  const parsed = optionsSchema.safeParse(options);
  if (!parsed.success)
    throw new Error(`Invalid BigCommerce simulator options:\n${z.prettifyError(parsed.error)}`);
  return { ...parsed.data, appUrl: withoutTrailingSlash(parsed.data.appUrl) };
}

export function parseAppUrl(appUrl: string): string {
  return withoutTrailingSlash(httpUrl.parse(appUrl));
}

export function parseScopes(value: string): string {
  return scopes.parse(value);
}

function withoutTrailingSlash(url: string): string {
  return url.replace(/\/+$/, '');
}
