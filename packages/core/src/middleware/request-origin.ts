import type { IncomingMessage } from 'node:http';
import type { Context, Next } from 'koa';
import { errors } from 'oidc-provider';
import { clientAddress, proxyTrust, type TrustProxy } from '../helpers/trusted-proxies.js';

export type { TrustProxy } from '../helpers/trusted-proxies.js';

export interface RequestOriginOptions {
  issuer: URL;
  trustProxy: TrustProxy;
  /** Extra public origins (scheme://host[:port]) that the IdP also answers on. */
  publicOrigins?: readonly string[];
  /**
   * The request prototype of the IdP's own Koa app. Its requests get the public origin through
   * accessors installed once on it; requests of a host app (oidc-kit mounted as middleware) get
   * the same values as properties of their own.
   */
  ownRequestPrototype?: object;
}

const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);
const HOST_SYNTAX = /^(\[[0-9a-f:.]+\]|[a-z0-9](?:[a-z0-9.-]{0,251}[a-z0-9])?)(?::(\d{1,5}))?$/;
const DEFAULT_PORTS: Record<string, string> = { 'http:': '80', 'https:': '443' };

// One getter for every request rather than a closure per request: defining the same accessor
// again lets V8 reuse the object's shape (about half the cost of these definitions).
const PUBLIC_HREF: PropertyDescriptor = {
  get(this: { origin: string; ctx: Context }) {
    return `${this.origin}${this.ctx.originalUrl}`;
  },
  configurable: true,
};

/** What a request's public origin pins: the values the accessors below answer with. */
interface PinnedOrigin {
  protocol: string;
  host: string;
  hostname: string;
  origin: string;
}
const PINNED = Symbol('oidc-kit.publicOrigin');
type PinnableRequest = { [PINNED]?: PinnedOrigin; ctx: Context };
const PINNED_NAMES = ['protocol', 'host', 'hostname', 'origin', 'href'] as const;

function inheritedDescriptor(prototype: object, name: string): PropertyDescriptor {
  for (let p: object | null = prototype; p !== null; p = Object.getPrototypeOf(p) as object | null) {
    const descriptor = Object.getOwnPropertyDescriptor(p, name);
    if (descriptor) return descriptor;
  }
  throw new TypeError(`the request prototype has no ${name}`);
}

/**
 * Once per app: its requests answer `protocol`, `host`, `hostname`, `origin` and `href` from the
 * pinned public origin when one is set, as Koa would otherwise. Cheaper than defining five
 * properties on every request, which also turns each request object into a slow dictionary.
 */
function installPinnedAccessors(prototype: object): void {
  if (Object.prototype.hasOwnProperty.call(prototype, PINNED)) return;
  Object.defineProperty(prototype, PINNED, { value: undefined, writable: true });
  for (const name of PINNED_NAMES) {
    const inherited = inheritedDescriptor(prototype, name);
    Object.defineProperty(prototype, name, {
      configurable: true,
      enumerable: inherited.enumerable ?? false,
      get(this: PinnableRequest) {
        const pinned = this[PINNED];
        if (pinned === undefined) return inherited.get?.call(this);
        return name === 'href' ? `${pinned.origin}${this.ctx.originalUrl}` : pinned[name];
      },
      ...(inherited.set ? { set: inherited.set } : {}),
    });
  }
}

/** The pinned values of one public origin, reached over http and over https. */
function pinsFor(origin: string): Record<'http' | 'https', PinnedOrigin> {
  const { host, hostname } = new URL(origin);
  return { http: { protocol: 'http', host, hostname, origin }, https: { protocol: 'https', host, hostname, origin } };
}

const clientAddresses = new WeakMap<IncomingMessage, string>();

/**
 * The client's address as oidc-kit derived it for this request (the trusted proxies' report, else
 * the peer): for access logs written outside Koa, e.g. by the Node.js request listener. Undefined
 * before oidc-kit has seen the request, or when it refused its Host.
 */
export function clientAddressOf(req: IncomingMessage): string | undefined {
  return clientAddresses.get(req);
}

/**
 * `host:port` (and plain `host` when the origin uses its scheme's default port) → origin, for the
 * issuer and each extra public origin. A Host without a port is matched by name alone: behind a
 * TLS-terminating proxy the scheme the client used is not known here.
 */
function allowedHosts(issuer: URL, publicOrigins: readonly string[]): Map<string, string> {
  const allowed = new Map<string, string>();
  for (const url of [issuer, ...publicOrigins.map((o) => new URL(o))]) {
    const hostname = url.hostname.toLowerCase();
    allowed.set(`${hostname}:${url.port || DEFAULT_PORTS[url.protocol]!}`, url.origin);
    if (!url.port && !allowed.has(hostname)) allowed.set(hostname, url.origin);
  }
  return allowed;
}

/**
 * Works out, per request, who the client is and which public origin it came to, trusting
 * X-Forwarded-* only from configured proxies, then pins every URL the provider builds to that
 * public origin, never to the Host header as sent. A Host that is not one of the IdP's origins
 * (or a malformed one) is refused with 400 `invalid_request`.
 *
 * Sets `ctx.request.ip` (the client, as the trusted proxies report it), `ctx.request.protocol`
 * (what the client used: cookie security follows it), `ctx.request.host`/`href` (the public
 * origin's) and `ctx.state.publicOrigin`.
 */
export function requestOrigin(options: RequestOriginOptions) {
  const { issuer } = options;
  const trusted = proxyTrust(options.trustProxy);
  const loopbackIssuer = LOOPBACK_HOSTS.has(issuer.hostname);
  const issuerPort = issuer.port || DEFAULT_PORTS[issuer.protocol]!;
  const allowed = allowedHosts(issuer, options.publicOrigins ?? []);
  // Parsed once: a request only picks one of these known origins, reached over http or https.
  const pinnedOrigins = new Map([...new Set(allowed.values())].map((origin) => [origin, pinsFor(origin)]));
  const ownPrototype = options.ownRequestPrototype;
  if (ownPrototype) installPinnedAccessors(ownPrototype);

  function originFor(host: string): string | undefined {
    const match = HOST_SYNTAX.exec(host);
    if (!match) throw new errors.InvalidRequest('the Host header is missing or malformed');
    const [, name = '', port] = match;
    if (port !== undefined && Number(port) > 65535) throw new errors.InvalidRequest('the Host header is missing or malformed');
    const origin = allowed.get(port === undefined ? name : `${name}:${port}`);
    if (origin) return origin;
    // Development convenience: a loopback issuer also answers on the other loopback names.
    if (loopbackIssuer && LOOPBACK_HOSTS.has(name) && (port ?? DEFAULT_PORTS[issuer.protocol]) === issuerPort) return issuer.origin;
    return undefined;
  }

  // Host values that were accepted, and their origin: only finitely many can be (the allowed
  // ones, the loopback names), so the map stays small; the regex runs once per distinct Host.
  const accepted = new Map<string, string>();
  function acceptedOrigin(host: string): string | undefined {
    const known = accepted.get(host);
    if (known !== undefined) return known;
    const origin = originFor(host);
    if (origin !== undefined) accepted.set(host, origin);
    return origin;
  }

  // Not async (nothing is awaited): one promise less per request; a throw still reaches koa-compose.
  return function resolveRequestOrigin(ctx: Context, next: Next) {
    const remote = ctx.req.socket.remoteAddress ?? '';
    const peerTrusted = trusted(remote, 0);
    ctx.request.ip = clientAddress(remote, ctx.get('x-forwarded-for'), trusted);

    const forwardedProto = peerTrusted ? ctx.get('x-forwarded-proto').split(',')[0]!.trim().toLowerCase() : '';
    const forwardedHost = peerTrusted ? ctx.get('x-forwarded-host').split(',')[0]!.trim() : '';
    const encrypted = (ctx.req.socket as { encrypted?: boolean }).encrypted === true;
    const protocol = forwardedProto === 'https' || forwardedProto === 'http' ? forwardedProto : encrypted ? 'https' : 'http';
    const host = (forwardedHost || ctx.get('host')).toLowerCase();

    const origin = acceptedOrigin(host);
    if (!origin) throw new errors.InvalidRequest(`this server does not answer for host ${host}`);
    const repeated = repeatedSingletonHeader(ctx.req.rawHeaders);
    if (repeated) throw new errors.InvalidRequest(`the ${repeated} header must be sent once`);
    clientAddresses.set(ctx.req, ctx.request.ip);

    // An absolute-form request target (`GET http://evil.example/x`) must not become the base URL;
    // routing already uses its path only.
    if (/^[a-z][a-z0-9+.-]*:\/\//i.test(ctx.originalUrl)) {
      let target: URL;
      try {
        target = new URL(ctx.originalUrl);
      } catch {
        throw new errors.InvalidRequest('the request target is malformed');
      }
      ctx.originalUrl = `${target.pathname}${target.search}`;
    }
    // `protocol` (hence `secure` and cookie security) stays what the client really used;
    // `host` and `href`, from which oidc-provider builds URLs, are the public origin's.
    const pinned: PinnedOrigin = (pinnedOrigins.get(origin) ?? pinsFor(origin))[protocol as 'http' | 'https'];
    if (ownPrototype !== undefined && Object.getPrototypeOf(ctx.request) === ownPrototype) {
      (ctx.request as unknown as PinnableRequest)[PINNED] = pinned;
    } else {
      Object.defineProperty(ctx.request, 'protocol', { value: pinned.protocol, configurable: true });
      Object.defineProperty(ctx.request, 'host', { value: pinned.host, configurable: true });
      Object.defineProperty(ctx.request, 'hostname', { value: pinned.hostname, configurable: true });
      Object.defineProperty(ctx.request, 'origin', { value: pinned.origin, configurable: true });
      Object.defineProperty(ctx.request, 'href', PUBLIC_HREF);
    }
    ctx.state.publicOrigin = origin;
    return next();
  };
}

/**
 * Host or Authorization sent more than once (RFC 9110 §5.3: not list fields). Node keeps the
 * first and drops the rest, where a proxy in front may have used another: the request is refused
 * rather than read differently by the two.
 */
function repeatedSingletonHeader(rawHeaders: readonly string[]): string | undefined {
  let host = 0;
  let authorization = 0;
  for (let i = 0; i < rawHeaders.length; i += 2) {
    const name = rawHeaders[i]!;
    // Lengths first: most names are neither, and are not lower-cased.
    if (name.length === 4 && name.toLowerCase() === 'host') host += 1;
    else if (name.length === 13 && name.toLowerCase() === 'authorization') authorization += 1;
  }
  if (host > 1) return 'Host';
  if (authorization > 1) return 'Authorization';
  return undefined;
}
