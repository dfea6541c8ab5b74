import { parse as parseQuery, stringify as stringifyQuery } from 'node:querystring';
import type { Context, Next } from 'koa';
import { errors } from 'oidc-provider';
import type { default as Provider } from 'oidc-provider';
import { decodeJwt } from 'jose';
import { takeBody } from '../helpers/peek-body.js';
import { PROVIDER_BODY_LIMIT } from '../helpers/request-limits.js';
import type { ClientStore } from '../stores/client-store.js';
import { bodyIs } from '../helpers/body-type.js';

const INFER_SCAN_LIMIT = 2000;

/**
 * RP-initiated logout as relying parties use it:
 * - POST with a form body (or none) works as GET does; another body type is 400 `invalid_request`;
 * - a `post_logout_redirect_uri` sent without `client_id` or `id_token_hint` is honoured when
 *   exactly one client registered it (among the first 2000 clients; the answer is kept a minute);
 * - with no signed-in session there is nothing to confirm: the user goes straight back (302) to
 *   the registered URI, with `state`, once the `id_token_hint` (if any) has been validated as
 *   oidc-provider would.
 */
export function logoutCompat(provider: Provider, clients: ClientStore, endSessionPath: string) {
  // The lookup reads the client list, and anyone can send the request: answers are kept a
  // minute (a bounded map), and at most INFER_SCAN_LIMIT clients are read per miss.
  const owners = new Map<string, { clientId: string | undefined; until: number }>();
  async function inferClientId(uri: string): Promise<string | undefined> {
    const cached = owners.get(uri);
    if (cached && cached.until > Date.now()) return cached.clientId;
    const found: string[] = [];
    for (let offset = 0; offset < INFER_SCAN_LIMIT; offset += 500) {
      const page = await clients.list({ offset, limit: 500 });
      for (const client of page.items) if (client.post_logout_redirect_uris?.includes(uri)) found.push(client.client_id);
      if (page.items.length < 500 || found.length > 1) break;
    }
    const clientId = found.length === 1 ? found[0] : undefined;
    if (owners.size >= 1000) owners.clear();
    owners.set(uri, { clientId, until: Date.now() + 60_000 });
    return clientId;
  }

  return async function rpInitiatedLogout(ctx: Context, next: Next) {
    if (ctx.path !== endSessionPath) return next();
    if (ctx.method === 'POST') {
      // RP-Initiated Logout §2 posts a form; any other body is refused as oidc-provider's own
      // POST handling refuses it (not as an unknown route).
      const form = bodyIs(ctx, 'form');
      if (!form && ctx.get('content-type')) throw new errors.InvalidRequest(`only application/x-www-form-urlencoded content-type bodies are supported on POST ${ctx.path}`);
      const body = form ? parseQuery((await takeBody(ctx.req, PROVIDER_BODY_LIMIT)).toString('utf8')) : {};
      ctx.method = 'GET';
      ctx.querystring = stringifyQuery({ ...ctx.query, ...body });
    }
    if (ctx.method !== 'GET') return next();

    const params = ctx.query;
    const uri = params.post_logout_redirect_uri;
    if (typeof uri !== 'string') return next();
    let clientId = typeof params.client_id === 'string' ? params.client_id : undefined;
    const hint = typeof params.id_token_hint === 'string' ? params.id_token_hint : undefined;
    if (hint !== undefined) {
      let audience: string | undefined;
      try {
        const aud = decodeJwt(hint).aud;
        audience = Array.isArray(aud) ? aud[0] : aud;
      } catch {
        return next();
      }
      // A client_id that is not the hint's audience: oidc-provider answers the precise error.
      if (clientId !== undefined && clientId !== audience) return next();
      clientId = audience;
    } else if (!clientId) {
      clientId = await inferClientId(uri);
      if (clientId) ctx.querystring = stringifyQuery({ ...params, client_id: clientId });
    }
    if (!clientId) return next();

    const sessionId = ctx.cookies.get(provider.cookieName('session'));
    const session = sessionId ? await provider.Session.find(sessionId) : undefined;
    if (session?.accountId) return next();

    const client = await provider.Client.find(clientId);
    if (!client?.postLogoutRedirectUriAllowed(uri)) return next();
    // RP-Initiated Logout §2: the hint must be an ID token this OP issued to that client (its
    // expiry aside); one that is not goes to oidc-provider, which refuses it.
    if (hint !== undefined && !(await issuedTo(provider, hint, client))) return next();
    const target = new URL(uri);
    if (typeof params.state === 'string') target.searchParams.set('state', params.state);
    ctx.set({ 'Cache-Control': 'no-store', 'Referrer-Policy': 'no-referrer' });
    ctx.redirect(target.href);
  };
}

async function issuedTo(provider: Provider, idToken: string, client: NonNullable<Awaited<ReturnType<Provider['Client']['find']>>>): Promise<boolean> {
  try {
    await provider.IdToken.validate(idToken, client);
    return true;
  } catch {
    return false;
  }
}
