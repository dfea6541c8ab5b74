import { BASIC_AUTH, SERVICE_SCOPE, USERS, type TokenVariant } from '../fixtures.js';
import type { FlowUser } from '../runner/auth-code-flow.js';
import type { LoadSettings, RequestPlan } from '../runner/load.js';
import type { ServerProcess } from '../runner/server-process.js';
import type { ServerKind } from '../servers/types.js';
import { issueClientCredentialsTokens } from './token-pool.js';
import { checkTokenResponse } from './token-checks.js';

export type ScenarioId =
  | 'cc-opaque' | 'cc-jwt-es256' | 'cc-jwt-rs256' | 'password-12' | 'password-4'
  | 'refresh' | 'introspection' | 'userinfo' | 'auth-code-flow';

export interface Scenario {
  id: ScenarioId;
  title: string;
  /** Access token format of the servers that run it. */
  variant: TokenVariant;
  servers: ServerKind[];
  /** Settings that differ from the run's defaults. */
  load?: Partial<LoadSettings>;
  /** The request to repeat (building any token pool it needs on that server). */
  plan?(server: ServerProcess, kind: ServerKind): Promise<RequestPlan>;
  /** What one real response must be; a message when it is not. */
  check?(status: number, body: Record<string, unknown>, kind: ServerKind): string | undefined;
  /** Whole authorization-code flows instead of single requests. */
  flowUser?: FlowUser;
  /** The server the "× bare" ratios are taken against (default: bare oidc-provider). */
  baseline?: ServerKind;
}

const FORM = { 'content-type': 'application/x-www-form-urlencoded', authorization: BASIC_AUTH };
const tokenPost = (body: string): RequestPlan => ({ method: 'POST', path: '/token', headers: FORM, body });
/**
 * Tokens per pool. Small on purpose: bare oidc-provider's memory adapter is an LRU of 1000
 * entries (per generation), so a larger pool would lose its oldest tokens.
 */
const POOL_SIZE = 200;

/**
 * Refresh with rotation: every request uses a refresh token never used before, the one a
 * previous response rotated to (any connection's) or one minted just before the run. The spare
 * pool is small and refilled when it runs low: bare oidc-provider's LRU drops a token nobody
 * touched for ~2000 writes, and a used token sent again would fail (and revoke its grant).
 */
function refreshChain(server: ServerProcess): RequestPlan {
  const spare = 64;
  let fresh: string[] = [];
  let refilling: Promise<void> | undefined;
  let last = '';
  const refill = () => {
    refilling ??= server.mint('refresh', spare).then((tokens) => {
      fresh.unshift(...tokens);
      refilling = undefined;
    }, () => {
      refilling = undefined;
    });
  };
  const take = () => {
    if (fresh.length < 8) refill();
    last = fresh.pop() ?? last;
    return last;
  };
  return {
    ...tokenPost(''),
    vary: () => ({ body: `grant_type=refresh_token&refresh_token=${take()}` }),
    onResponse: (status, body) => {
      if (status === 200) fresh.push((JSON.parse(body) as { refresh_token: string }).refresh_token);
    },
    prepare: async () => {
      await refilling;
      fresh = await server.mint('refresh', spare);
    },
  };
}

/** Spreads a pool of tokens over the requests, in order (a single-use pool must outlast the run). */
const cycle = <T>(values: string[], change: (value: string) => T) => {
  let next = 0;
  return () => change(values[next++ % values.length]!);
};
const ok = (status: number, problem?: string) => (status !== 200 ? `status ${status}` : problem);
const realServer = (kind: ServerKind) => kind !== 'noop' && kind !== 'bcrypt';

function clientCredentials(id: ScenarioId, title: string, variant: TokenVariant, servers: ServerKind[], alg?: string): Scenario {
  return {
    id, title, variant, servers,
    plan: async () => tokenPost(`grant_type=client_credentials&scope=${SERVICE_SCOPE}`),
    check: (status, body, kind) => ok(status, realServer(kind) ? checkTokenResponse(body, alg ? { alg } : {}) : undefined),
  };
}

function password(id: ScenarioId, title: string, user: FlowUser, servers: ServerKind[], load?: Partial<LoadSettings>): Scenario {
  const body = new URLSearchParams({ grant_type: 'password', username: user.username, password: user.password, scope: 'openid' }).toString();
  return {
    id, title, variant: 'opaque', servers, ...(load ? { load } : {}),
    plan: async () => tokenPost(body),
    check: (status, response, kind) => ok(status, realServer(kind) ? checkTokenResponse(response, { idToken: true }) : undefined),
  };
}

/** Every scenario of the run, in the order measured. */
export const SCENARIOS: Scenario[] = [
  clientCredentials('cc-opaque', 'client_credentials, opaque', 'opaque', ['noop', 'node-oauth', 'bare', 'kit-memory', 'kit-redis']),
  clientCredentials('cc-jwt-es256', 'client_credentials, JWT ES256', 'jwt-es256', ['bare', 'kit-memory', 'kit-redis'], 'ES256'),
  clientCredentials('cc-jwt-rs256', 'client_credentials, JWT RS256', 'jwt-rs256', ['bare', 'kit-memory', 'kit-redis'], 'RS256'),
  // A deeper queue than a few requests per worker only adds waiting at ~0.2 s per comparison.
  password('password-12', 'password, bcrypt cost 12', USERS.cost12, ['bcrypt', 'kit-memory', 'kit-redis'], { connections: 8, duration: 12, warmup: 0, timeout: 30 }),
  password('password-4', 'password, bcrypt cost 4', USERS.cost4, ['kit-memory', 'kit-redis']),
  {
    id: 'refresh', title: 'refresh_token (rotation)', variant: 'opaque', servers: ['bare', 'kit-memory', 'kit-redis'],
    plan: async (server) => {
      const plan = refreshChain(server);
      await plan.prepare!();
      return plan;
    },
    check: (status, body) => ok(status, checkTokenResponse(body, { idToken: true, refreshToken: true })),
  },
  {
    id: 'introspection', title: 'introspection', variant: 'opaque', servers: ['bare', 'kit-memory', 'kit-redis'],
    plan: async (server) => ({
      method: 'POST', path: '/token/introspection', headers: FORM,
      vary: cycle(await issueClientCredentialsTokens(server.url, POOL_SIZE), (t) => ({ body: `token=${t}` })),
    }),
    check: (status, body) => ok(status, body.active === true ? undefined : 'token is not active'),
  },
  {
    id: 'userinfo', title: 'userinfo', variant: 'opaque', servers: ['noop', 'bare', 'kit-memory', 'kit-redis'],
    plan: async (server, kind) => ({
      method: 'GET', path: '/me', headers: {},
      vary: cycle(kind === 'noop' ? ['noop'] : await server.mint('access', POOL_SIZE), (t) => ({ authorization: `Bearer ${t}` })),
    }),
    check: (status, body, kind) => ok(status, kind === 'noop' || typeof body.sub === 'string' ? undefined : 'no sub'),
  },
  // oidc-provider's development login accepts any password; the ratios of this scenario are taken
  // against bare oidc-provider with a login that checks the same bcrypt hash oidc-kit checks.
  {
    id: 'auth-code-flow', title: 'authorization-code flow (flows/s)', variant: 'opaque',
    servers: ['bare', 'bare-login', 'kit-memory', 'kit-redis'], flowUser: USERS.cost4, baseline: 'bare-login',
  },
];
