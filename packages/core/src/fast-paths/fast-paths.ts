import type { Context, Next } from 'koa';
import type Provider from 'oidc-provider';
import type { GrantContext } from '../grants/grant-context.js';
import type { AccountStore } from '../stores/account-store.js';
import { clientCredentialsFastPath } from './client-credentials-fast-path.js';
import { isUtf8Form, readFormBody, type FormBody } from './form-body.js';
import { createIntrospectionFastPath } from './introspection-fast-path.js';

export interface FastPathInputs {
  provider: Provider;
  grant: GrantContext;
  accounts: AccountStore;
  routes: { token: string; introspection: string };
  /** Whether the client_credentials grant is enabled. */
  clientCredentials: boolean;
}

type FastPath = (ctx: Context, form: FormBody) => Promise<boolean>;

/**
 * The two hottest machine-to-machine requests — a client_credentials token request and the
 * introspection of an opaque token, each by a client using HTTP Basic — answered without
 * oidc-provider's general request pipeline, which costs more than the work itself (see
 * docs/performance.md). Every check oidc-provider would make is made; a request with anything
 * else (other parameters, headers that ask for CORS, DPoP or attestation, another client
 * authentication) or that fails a check goes on to oidc-provider unchanged, which answers it and
 * gives the precise error. Sits after the edge middleware: limits, throttling, headers and the
 * error boundary apply as to every request.
 */
export function fastPaths(inputs: FastPathInputs) {
  const { provider, grant, routes } = inputs;
  const introspection = createIntrospectionFastPath(inputs);
  // oidc-provider emits `grant.success` with its request context; while anyone listens for it,
  // token requests take oidc-provider's way.
  const clientCredentials: FastPath = (ctx, form) => (provider.listenerCount('grant.success') > 0 ? Promise.resolve(false) : clientCredentialsFastPath(ctx, provider, grant, form));

  const byPath = new Map<string, FastPath>([[routes.introspection, introspection]]);
  if (inputs.clientCredentials) byPath.set(routes.token, clientCredentials);

  // Not async: every other request passes without a promise of its own.
  return function fastPath(ctx: Context, next: Next) {
    if (ctx.method !== 'POST') return next();
    const path = byPath.get(ctx.path);
    const headers = ctx.req.headers;
    if (path === undefined || headers.authorization === undefined || headers.origin !== undefined || headers.dpop !== undefined
      || headers['oauth-client-attestation'] !== undefined || headers['oauth-client-attestation-pop'] !== undefined || !isUtf8Form(ctx)) return next();
    return answer(ctx, next, path);
  };
}

async function answer(ctx: Context, next: Next, path: FastPath): Promise<void> {
  const form = await readFormBody(ctx);
  let answered: boolean;
  try {
    answered = await path(ctx, form);
  } catch {
    // A store that failed, or anything unexpected: oidc-provider's way reports it properly.
    answered = false;
  }
  if (answered) return;
  form.giveBack();
  return next();
}
