import { lookup } from 'node:dns/promises';
import net from 'node:net';

/**
 * Where the app may send requests on a merchant's behalf. The merchant types the Dataverse
 * environment URL and the intake URL, and the server then calls them with credentials and order
 * data, so outside the sandbox they must be what they claim to be: Dataverse on a Dataverse host, and
 * an intake endpoint on a public https host, never this machine, its network or a cloud metadata
 * service. The sandbox (BigCommerce and Entra configured on loopback, see Config.allowLoopbackTargets)
 * keeps loopback targets, because its simulators live there.
 */

export interface OutboundPolicy {
  /** True in the sandbox: loopback (and plain http to it) is allowed. */
  allowLoopbackTargets: boolean;
  /** All addresses of a host name (tests may replace it; production uses the system resolver). */
  resolve?: (hostname: string) => Promise<string[]>;
}

/** How long a host name may take to resolve before the check gives up on resolving it (see below). */
const RESOLVE_TIMEOUT_MS = 2000;

/**
 * Dataverse / Dynamics 365 hosts: the commercial regions `crm.dynamics.com` and `crm2` … `crm99`
 * (`crm9` is US GCC), and the sovereign clouds — `crm.microsoftdynamics.us` (US GCC High),
 * `crm.appsplatform.us` (US DoD) and `crm.dynamics.cn` (China, 21Vianet). Any subdomain depth, so
 * the Web API host `org.api.crm.dynamics.com` is accepted too.
 */
const DATAVERSE_HOST =
  /^(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\.)+(?:crm(?:[1-9][0-9]?)?\.dynamics\.com|crm\.microsoftdynamics\.us|crm\.appsplatform\.us|crm\.dynamics\.cn)$/;

const DATAVERSE_HOSTS_TEXT =
  '*.crm.dynamics.com, *.crm4.dynamics.com (any crmN region), *.crm.microsoftdynamics.us, *.crm.appsplatform.us or *.crm.dynamics.cn';

/** Names that only mean something on a private network (RFC 6761 / 6762 / 8375 and common practice). */
const PRIVATE_NAME_SUFFIXES = ['localhost', 'local', 'internal', 'lan', 'home.arpa', 'intranet'];

/** Address ranges the app never calls outside the sandbox, each with the word the message uses. */
const NON_PUBLIC_RANGES: ReadonlyArray<readonly [string, ReadonlyArray<readonly [string, number]>]> = [
  [
    'loopback',
    [
      ['127.0.0.0', 8],
      ['::1', 128],
    ],
  ],
  [
    'private',
    [
      ['10.0.0.0', 8],
      ['172.16.0.0', 12],
      ['192.168.0.0', 16],
      ['100.64.0.0', 10],
      ['fc00::', 7],
    ],
  ],
  [
    'link-local',
    [
      ['169.254.0.0', 16],
      ['fe80::', 10],
    ],
  ],
  [
    'reserved',
    [
      ['0.0.0.0', 8],
      ['192.0.0.0', 24],
      ['192.0.2.0', 24],
      ['198.18.0.0', 15],
      ['198.51.100.0', 24],
      ['203.0.113.0', 24],
      ['224.0.0.0', 4],
      ['240.0.0.0', 4],
      ['::', 128],
      ['ff00::', 8],
      ['2001:db8::', 32],
      ['64:ff9b::', 96],
    ],
  ],
];

const NON_PUBLIC = NON_PUBLIC_RANGES.map(([kind, ranges]) => {
  const list = new net.BlockList();
  for (const [network, prefix] of ranges) {
    list.addSubnet(network, prefix, net.isIPv6(network) ? 'ipv6' : 'ipv4');
  }
  return [kind, list] as const;
});

/** 'loopback' | 'private' | 'link-local' | 'reserved' for an address the app must not call, else null. */
export function nonPublicKind(address: string): string | null {
  let ip = address;
  let family: 'ipv4' | 'ipv6' = net.isIPv6(ip) ? 'ipv6' : 'ipv4';
  // An IPv4-mapped IPv6 address (::ffff:a.b.c.d, which URL writes as ::ffff:xxxx:xxxx) is its IPv4 address.
  const dotted = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(ip);
  const hex = /^::ffff:([0-9a-f]{1,4}):([0-9a-f]{1,4})$/i.exec(ip);
  if (dotted?.[1]) [ip, family] = [dotted[1], 'ipv4'];
  else if (hex?.[1] && hex[2]) {
    const [high, low] = [parseInt(hex[1], 16), parseInt(hex[2], 16)];
    [ip, family] = [[high >> 8, high & 255, low >> 8, low & 255].join('.'), 'ipv4'];
  }
  for (const [kind, list] of NON_PUBLIC) if (list.check(ip, family)) return kind;
  return null;
}

async function systemResolve(hostname: string): Promise<string[]> {
  const found = await lookup(hostname, { all: true, verbatim: true });
  return found.map((entry) => entry.address);
}

/**
 * The addresses `hostname` resolves to, or null when it does not resolve (no such name, no DNS here,
 * or no answer within RESOLVE_TIMEOUT_MS).
 *
 * Unresolvable names are accepted, deliberately: the name already passed the syntactic checks (a
 * Dataverse host, or a public-looking name), a resolver outage must not stop a merchant from saving
 * their settings, and a name that does not resolve cannot reach anything — the connection test and
 * the relay report it as unreachable. What the check guarantees is that no address the name has
 * *now* is loopback, private or link-local; a name re-pointed later (DNS rebinding) is not covered
 * here, because the outbound calls resolve again when they connect.
 */
async function resolveAll(hostname: string, policy: OutboundPolicy): Promise<string[] | null> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<null>((resolve) => {
    timer = setTimeout(() => resolve(null), RESOLVE_TIMEOUT_MS);
    timer.unref();
  });
  try {
    return await Promise.race([(policy.resolve ?? systemResolve)(hostname), timeout]);
  } catch {
    return null;
  } finally {
    clearTimeout(timer);
  }
}

/** A problem with the host of `url` (an address literal, a private name, or what it resolves to), or null. */
async function hostProblem(url: URL, policy: OutboundPolicy): Promise<string | null> {
  const hostname = url.hostname
    .replace(/^\[|\]$/g, '')
    .replace(/\.$/, '')
    .toLowerCase();
  if (net.isIP(hostname)) {
    const kind = nonPublicKind(hostname);
    return kind === null ? null : `points at ${hostname}, a ${kind} address`;
  }
  const suffix = PRIVATE_NAME_SUFFIXES.find((s) => hostname === s || hostname.endsWith(`.${s}`));
  if (suffix !== undefined) return `names "${hostname}", which only exists on a private network (.${suffix})`;
  if (!hostname.includes('.')) return `names "${hostname}", which is not a public host name`;
  const addresses = await resolveAll(hostname, policy);
  for (const address of addresses ?? []) {
    const kind = nonPublicKind(address);
    if (kind !== null) return `names "${hostname}", which resolves to ${address}, a ${kind} address`;
  }
  return null;
}

/** Null if the app may call this Dataverse environment URL, else what is wrong and what to enter. */
export async function checkEnvironmentUrl(value: string, policy: OutboundPolicy): Promise<string | null> {
  if (policy.allowLoopbackTargets) return null;
  const url = new URL(value);
  const example = 'example: https://contoso.crm.dynamics.com';
  if (url.protocol !== 'https:') return `must use https:// (${example})`;
  if (net.isIP(url.hostname.replace(/^\[|\]$/g, ''))) {
    const problem = await hostProblem(url, policy);
    return `${problem ?? `names the address ${url.hostname}`}, not a Dataverse host: enter the Environment URL from the Power Platform admin center (${example})`;
  }
  if (!DATAVERSE_HOST.test(url.hostname.toLowerCase())) {
    return `must be a Dataverse environment, on ${DATAVERSE_HOSTS_TEXT}; "${url.hostname}" is not one — copy the Environment URL from the Power Platform admin center (${example})`;
  }
  if (url.port !== '') return `must not name a port (${example})`;
  const problem = await hostProblem(url, policy);
  return problem === null ? null : `${problem}: enter the Environment URL of your Dataverse environment`;
}

/** Null if the app may send orders to this intake URL, else what is wrong and what to enter. */
export async function checkIntakeUrl(value: string, policy: OutboundPolicy): Promise<string | null> {
  if (policy.allowLoopbackTargets) return null;
  const url = new URL(value);
  const advice = 'copy the HTTP POST URL of your intake provider’s message handler flow';
  if (url.protocol !== 'https:') return `must use https://: ${advice}`;
  const problem = await hostProblem(url, policy);
  return problem === null ? null : `${problem}; orders are only sent to public https hosts: ${advice}`;
}
