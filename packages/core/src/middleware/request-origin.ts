import { BlockList, isIP } from 'node:net';
import type { Context, Next } from 'koa';
import { errors } from 'oidc-provider';

export type TrustProxy = boolean | number | string[] | undefined;

export interface RequestOriginOptions {
  issuer: URL;
  trustProxy: TrustProxy;
  /** Extra public origins (scheme://host[:port]) that the IdP also answers on. */
  publicOrigins?: string[];
}

const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);
const HOST_SYNTAX = /^(\[[0-9a-f:.]+\]|[a-z0-9.-]+)(:\d{1,5})?$/i;

function trustListOf(value: string[]): BlockList {
  const list = new BlockList();
  for (const entry of value) {
    const [address, bits] = entry.split('/');
    const family = isIP(address ?? '') === 6 ? 'ipv6' : 'ipv4';
    if (bits !== undefined) list.addSubnet(address!, Number(bits), family);
    else list.addAddress(address!, family);
  }
  return list;
}

function normalizeAddress(address: string): string {
  return address.startsWith('::ffff:') && isIP(address.slice(7)) === 4 ? address.slice(7) : address;
}

/**
 * Works out, per request, who the client is and which public origin it came to, trusting
 * X-Forwarded-* only from configured proxies, then pins every URL the provider builds to that
 * public origin, never to the Host header as sent. A Host that is not one of the IdP's origins
 * (or a malformed one) is refused with 400 `invalid_request`.
 */
export function requestOrigin(options: RequestOriginOptions) {
  const { issuer, trustProxy } = options;
  const trustList = Array.isArray(trustProxy) ? trustListOf(trustProxy) : undefined;
  const loopbackIssuer = LOOPBACK_HOSTS.has(issuer.hostname);
  const allowed = new Map<string, string>([[issuer.host.toLowerCase(), issuer.origin]]);
  for (const origin of options.publicOrigins ?? []) {
    const url = new URL(origin);
    allowed.set(url.host.toLowerCase(), url.origin);
  }

  function isTrusted(address: string, hop: number): boolean {
    if (trustProxy === true) return true;
    if (typeof trustProxy === 'number') return hop < trustProxy;
    if (trustList) return trustList.check(address, isIP(address) === 6 ? 'ipv6' : 'ipv4');
    return false;
  }

  return async function resolveRequestOrigin(ctx: Context, next: Next) {
    const remote = normalizeAddress(ctx.req.socket.remoteAddress ?? '');
    const forwardedFor = ctx.get('x-forwarded-for').split(',').map((s) => normalizeAddress(s.trim())).filter(Boolean);
    const peerTrusted = isTrusted(remote, 0);

    // Walk from the socket towards the client while each hop is a trusted proxy.
    let client = remote;
    for (let hop = 0; isTrusted(client, hop) && forwardedFor.length > 0; hop += 1) {
      client = forwardedFor.pop()!;
    }
    ctx.request.ip = client;

    const forwardedProto = peerTrusted ? ctx.get('x-forwarded-proto').split(',')[0]?.trim().toLowerCase() : '';
    const forwardedHost = peerTrusted ? ctx.get('x-forwarded-host').split(',')[0]?.trim() : '';
    const protocol = forwardedProto === 'https' || forwardedProto === 'http' ? forwardedProto : (ctx.req.socket as { encrypted?: boolean }).encrypted ? 'https' : 'http';
    const host = (forwardedHost || ctx.get('host')).toLowerCase();

    if (!HOST_SYNTAX.test(host)) throw new errors.InvalidRequest('the Host header is missing or malformed');
    let origin = allowed.get(host);
    if (!origin && loopbackIssuer && LOOPBACK_HOSTS.has(host.replace(/:\d+$/, '')) && (host.match(/:(\d+)$/)?.[1] ?? '') === issuer.port) {
      origin = issuer.origin;
    }
    if (!origin) throw new errors.InvalidRequest(`this server does not answer for host ${host}`);

    // An absolute-form request target (`GET http://evil.example/x`) must not become the base URL.
    if (/^https?:\/\//i.test(ctx.originalUrl)) {
      const target = new URL(ctx.originalUrl);
      ctx.originalUrl = `${target.pathname}${target.search}`;
      ctx.url = ctx.originalUrl;
    }
    const publicHost = new URL(origin).host;
    // `protocol` (hence `secure` and cookie security) stays what the connection really is;
    // `host` and `href`, from which oidc-provider builds URLs, are the public origin's.
    Object.defineProperty(ctx.request, 'protocol', { value: protocol, configurable: true });
    Object.defineProperty(ctx.request, 'host', { value: publicHost, configurable: true });
    Object.defineProperty(ctx.request, 'hostname', { value: new URL(origin).hostname, configurable: true });
    Object.defineProperty(ctx.request, 'href', { get: () => `${origin}${ctx.originalUrl}`, configurable: true });
    ctx.state.publicOrigin = origin;
    return next();
  };
}
