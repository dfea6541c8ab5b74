import type { Context, Next } from 'koa';
import type Provider from 'oidc-provider';
import type { GrantContext } from '../grants/grant-context.js';
import type { AccountStore } from '../stores/account-store.js';
import { loadFormParameters } from '../middleware/form-parameters.js';
import { clientCredentialsFastPath } from './client-credentials-fast-path.js';
import { clientCredentialsRecords } from './client-credentials-record.js';
import { isUtf8Form, singleParameters } from './form-body.js';
import { createIntrospectionFastPath } from './introspection-fast-path.js';
import { createRefreshTokenFastPath, type Rotation } from './refresh-token-fast-path.js';
import { createUserinfoFastPath } from './userinfo-fast-path.js';

export interface FastPathInputs {
  provider: Provider;
  grant: GrantContext;
  accounts: AccountStore;
  routes: { token: string; introspection: string; userinfo: string };
  /** Whether the client_credentials grant is enabled. */
  clientCredentials: boolean;
}

type FormParameters = Record<string, string> | undefined;
/** Answered (true), declined (false), or answering once a single-use credential is spent. */
type Outcome = boolean | Rotation;
type FormFastPath = (ctx: Context, parameters: FormParameters) => Promise<Outcome>;
/** A fast path for form posts, and what it takes (anything else goes on at once, e.g. a password grant). */
interface FormRoute {
  takes(parameters: FormParameters): boolean;
  answer: FormFastPath;
}
const ANY_FORM = () => true;

/** Headers that ask for what only oidc-provider's way does: CORS, DPoP, client attestation. */
function asksForMore(headers: Context['req']['headers']): boolean {
  return headers.origin !== undefined || headers.dpop !== undefined
    || headers['oauth-client-attestation'] !== undefined || headers['oauth-client-attestation-pop'] !== undefined;
}

/**
 * The hottest requests — a client_credentials or refresh_token request and the introspection of
 * an opaque token by a client using HTTP Basic, UserInfo with an opaque Bearer token — answered without
 * oidc-provider's general request pipeline, which costs more than the work itself (see
 * docs/performance.md). Every check oidc-provider would make is made, with its models and
 * stores; a request with anything else (other parameters, headers that ask for CORS, DPoP or
 * attestation, another client authentication) or that fails a check goes on to oidc-provider
 * unchanged, which answers it and gives the precise error. Sits after the edge middleware:
 * limits, throttling, headers and the error boundary apply as to every request.
 */
export function fastPaths(inputs: FastPathInputs) {
  const { provider, grant, routes } = inputs;
  const introspection = createIntrospectionFastPath(inputs);
  const userinfo = createUserinfoFastPath(provider, grant.findAccount);
  // oidc-provider emits `grant.success` with its request context; while anyone listens for it,
  // token requests take oidc-provider's way.
  const records = clientCredentialsRecords(provider, grant);
  const tokenGrants = new Map<string, FormFastPath>();
  if (inputs.clientCredentials) tokenGrants.set('client_credentials', (ctx, form) => clientCredentialsFastPath(ctx, provider, grant, records, form));
  // JWT access tokens (a resource server) are for oidc-provider's resource indicators to issue.
  if (!grant.resource) tokenGrants.set('refresh_token', createRefreshTokenFastPath(provider, grant.findAccount, grant.scopes));
  const token: FormRoute = {
    takes: (parameters) => parameters?.grant_type !== undefined && tokenGrants.has(parameters.grant_type),
    answer: (ctx, form) => (provider.listenerCount('grant.success') > 0 ? Promise.resolve(false) : tokenGrants.get(form!.grant_type!)!(ctx, form)),
  };

  const posts = new Map<string, FormRoute>([[routes.introspection, { takes: ANY_FORM, answer: introspection }]]);
  if (tokenGrants.size > 0) posts.set(routes.token, token);

  // Not async: every other request passes without a promise of its own.
  return function fastPath(ctx: Context, next: Next) {
    const headers = ctx.req.headers;
    if (ctx.method === 'GET') {
      if (ctx.path !== routes.userinfo || ctx.querystring !== '' || headers['content-length'] !== undefined || headers['transfer-encoding'] !== undefined || asksForMore(headers)) return next();
      return answer(ctx, next, () => userinfo(ctx));
    }
    if (ctx.method !== 'POST') return next();
    const route = posts.get(ctx.path);
    if (route === undefined || headers.authorization === undefined || asksForMore(headers) || !isUtf8Form(ctx)) return next();
    return answerForm(ctx, next, route);
  };
}

async function answerForm(ctx: Context, next: Next, route: FormRoute): Promise<void> {
  // Read and put back at once (the body stays in the stream for oidc-provider), or as the edge middleware read it.
  const parameters = singleParameters(await loadFormParameters(ctx));
  if (!route.takes(parameters)) return next();
  return answer(ctx, next, () => route.answer(ctx, parameters));
}

/**
 * Runs a fast path; when it declines (or fails: a store down, anything unexpected), oidc-provider's
 * way answers. Once it has spent a single-use credential (a rotated refresh token) it cannot
 * decline any more: the rest of its answer runs here, and its errors are the request's (a store
 * down is 503 at the error boundary).
 */
async function answer(ctx: Context, next: Next, path: () => Promise<Outcome>): Promise<void> {
  let outcome: Outcome;
  try {
    outcome = await path();
  } catch {
    outcome = false;
  }
  if (outcome === false) return next();
  if (outcome !== true) await outcome();
}
