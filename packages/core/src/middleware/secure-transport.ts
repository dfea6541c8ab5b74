import type { Context, Next } from 'koa';
import type { Logger } from '../helpers/logger.js';
import type { Views } from '../views/index.js';
import { sendPage } from './page-headers.js';

/** Options of {@link secureTransport}. */
export interface SecureTransportOptions {
  /** Paths (inside the issuer) of the browser routes that set or need session cookies. */
  cookiePaths: readonly string[];
  views: Required<Views>;
  logger: Logger;
}

/** Shown to the person and written to the log: what happened and the setting that fixes it. */
export const INSECURE_TRANSPORT_MESSAGE =
  'This request reached the identity provider over http, but its issuer is https, so the browser would not keep the ' +
  'sign-in cookies (they are Secure). If a TLS-terminating proxy or load balancer forwards requests to the identity ' +
  'provider, set trustProxy (TRUST_PROXY in the reference IdP) to that proxy so that its X-Forwarded-Proto header is honoured.';

function under(path: string, prefixes: readonly string[]): boolean {
  return prefixes.some((prefix) => path === prefix || path.startsWith(`${prefix}/`));
}

/**
 * For an https issuer: the authorization, interaction and logout routes refuse a request that
 * arrived over plain http (after `requestOrigin` has applied trusted `X-Forwarded-Proto`), with
 * a page that says why and which setting fixes it, instead of setting Secure cookies that the
 * browser drops (or failing on them) and ending in a generic "session not found" later.
 */
export function secureTransport(options: SecureTransportOptions) {
  let logged = false;
  return async function requireSecureTransport(ctx: Context, next: Next) {
    if (ctx.protocol === 'https' || !under(ctx.path, options.cookiePaths)) return next();
    if (!logged) {
      logged = true;
      options.logger.warn({ path: ctx.path, option: 'trustProxy' }, INSECURE_TRANSPORT_MESSAGE);
    }
    if (ctx.accepts('html', 'json') === 'json') {
      ctx.status = 400;
      ctx.body = { error: 'invalid_request', error_description: INSECURE_TRANSPORT_MESSAGE };
      return;
    }
    sendPage(ctx, 400, (nonce) => options.views.error({
      nonce,
      status: 400,
      title: 'This connection is not secure',
      error: 'invalid_request',
      description: INSECURE_TRANSPORT_MESSAGE,
    }));
  };
}
