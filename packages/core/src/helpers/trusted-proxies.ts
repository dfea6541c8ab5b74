import { BlockList, isIP } from 'node:net';

/** `trustProxy`: off, every hop, a number of hops, or the proxies' addresses/CIDRs (or named ranges). */
export type TrustProxy = boolean | number | string[] | undefined;

/** Names that stand for address ranges, as in Express's `trust proxy`. */
const NAMED_RANGES: Record<string, string[]> = {
  loopback: ['127.0.0.0/8', '::1/128'],
  linklocal: ['169.254.0.0/16', 'fe80::/10'],
  uniquelocal: ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16', 'fc00::/7'],
};

/** Why a `trustProxy` entry is not an address, a CIDR or a range name; undefined when it is fine. */
export function trustEntryProblem(entry: string): string | undefined {
  if (NAMED_RANGES[entry]) return undefined;
  const [address = '', bits, extra] = entry.split('/');
  const family = isIP(address);
  if (family === 0 || extra !== undefined) return `"${entry}" is not an IP address, a CIDR or one of ${Object.keys(NAMED_RANGES).join(', ')}`;
  if (bits !== undefined && !(/^\d{1,3}$/.test(bits) && Number(bits) <= (family === 4 ? 32 : 128))) return `"${entry}" has an invalid prefix length`;
  return undefined;
}

/** Strips the IPv4-mapped IPv6 prefix, so `::ffff:10.0.0.1` and `10.0.0.1` are one address. */
export function normalizeAddress(address: string): string {
  return address.startsWith('::ffff:') && isIP(address.slice(7)) === 4 ? address.slice(7) : address;
}

function blockListOf(entries: readonly string[]): BlockList {
  const list = new BlockList();
  for (const entry of entries.flatMap((e) => NAMED_RANGES[e] ?? [e])) {
    const [address = '', bits] = entry.split('/');
    const family = isIP(address) === 6 ? 'ipv6' : 'ipv4';
    if (bits !== undefined) list.addSubnet(address, Number(bits), family);
    else list.addAddress(address, family);
  }
  return list;
}

/** Decides, hop by hop, whether the party that handed a request on is a trusted proxy. */
export type ProxyTrust = (address: string, hop: number) => boolean;

/** The trust function of a `trustProxy` value (entries must have passed {@link trustEntryProblem}). */
export function proxyTrust(trustProxy: TrustProxy): ProxyTrust {
  if (trustProxy === true) return () => true;
  if (typeof trustProxy === 'number') return (_address, hop) => hop < trustProxy;
  if (Array.isArray(trustProxy)) {
    const list = blockListOf(trustProxy);
    return (address) => {
      const family = isIP(address);
      return family !== 0 && list.check(address, family === 6 ? 'ipv6' : 'ipv4');
    };
  }
  return () => false;
}

/**
 * The client's address: starting at the socket's peer, each trusted proxy's `X-Forwarded-For`
 * entry (right to left) names the party before it, until an untrusted party is reached.
 */
export function clientAddress(remote: string, forwardedFor: string, trusted: ProxyTrust): string {
  const hops = forwardedFor.split(',').map((s) => normalizeAddress(s.trim())).filter(Boolean);
  let client = normalizeAddress(remote);
  for (let hop = 0; hops.length > 0 && trusted(client, hop); hop += 1) client = hops.pop()!;
  return client;
}
