import { ConfigurationError } from '../errors.js';

/** oidc-provider's route names that a deployment may place. */
export const ROUTE_NAMES = [
  'authorization',
  'token',
  'userinfo',
  'end_session',
  'introspection',
  'revocation',
  'jwks',
  'registration',
  'pushed_authorization_request',
  'device_authorization',
  'code_verification',
  'backchannel_authentication',
] as const;

export type RouteName = (typeof ROUTE_NAMES)[number];

/** Paths of oidc-kit's own pages and APIs that live beside the protocol routes. */
export const EXTRA_ROUTE_NAMES = ['interaction', 'admin'] as const;
export type ExtraRouteName = (typeof EXTRA_ROUTE_NAMES)[number];

export type RouteMap = Partial<Record<RouteName | ExtraRouteName, string>>;
export type RoutePreset = 'default' | 'oauth' | 'connect';

const DEFAULT_ROUTES: Record<RouteName | ExtraRouteName, string> = {
  authorization: '/auth',
  token: '/token',
  userinfo: '/me',
  end_session: '/session/end',
  introspection: '/token/introspection',
  revocation: '/token/revocation',
  jwks: '/jwks',
  registration: '/reg',
  pushed_authorization_request: '/request',
  device_authorization: '/device/auth',
  code_verification: '/device',
  backchannel_authentication: '/backchannel',
  interaction: '/interaction',
  admin: '/admin',
};

const PRESETS: Record<RoutePreset, RouteMap> = {
  default: {},
  oauth: {
    authorization: '/oauth/authorize',
    token: '/oauth/token',
    userinfo: '/oauth/userinfo',
    end_session: '/oauth/logout',
    introspection: '/oauth/introspect',
    revocation: '/oauth/revoke',
    jwks: '/.well-known/jwks.json',
    registration: '/oauth/register',
    pushed_authorization_request: '/oauth/par',
    device_authorization: '/oauth/device_authorization',
    code_verification: '/oauth/device',
    backchannel_authentication: '/oauth/backchannel',
  },
  connect: {
    authorization: '/connect/authorize',
    token: '/connect/token',
    userinfo: '/connect/userinfo',
    end_session: '/connect/logout',
    introspection: '/connect/introspect',
    revocation: '/connect/revocation',
    jwks: '/.well-known/openid-configuration/jwks',
    registration: '/connect/register',
    pushed_authorization_request: '/connect/par',
    device_authorization: '/connect/deviceauthorization',
    code_verification: '/connect/device',
    backchannel_authentication: '/connect/ciba',
  },
};

export type RoutesOption = RoutePreset | (RouteMap & { preset?: RoutePreset });

const RESERVED = ['/.well-known/openid-configuration', '/.well-known/oauth-authorization-server'];

/**
 * Resolves a preset name or a per-endpoint map (optionally on top of a preset) to one path per
 * route. Keys left out keep the preset's path, then oidc-provider's default.
 */
export function resolveRoutes(option: RoutesOption | undefined): Record<RouteName | ExtraRouteName, string> {
  const preset: RoutePreset = typeof option === 'string' ? option : (option?.preset ?? 'default');
  if (!(preset in PRESETS)) {
    throw new ConfigurationError('routes', `must be one of ${Object.keys(PRESETS).join(', ')} or a map of route paths`);
  }
  const overrides: RouteMap = typeof option === 'object' && option !== null ? option : {};
  const resolved = { ...DEFAULT_ROUTES, ...PRESETS[preset] };
  for (const [name, path] of Object.entries(overrides)) {
    if (name === 'preset') continue;
    if (!(name in DEFAULT_ROUTES)) {
      throw new ConfigurationError(`routes.${name}`, `is not a known route (known: ${Object.keys(DEFAULT_ROUTES).join(', ')})`);
    }
    resolved[name as RouteName] = checkPath(`routes.${name}`, path);
  }
  const seen = new Map<string, string>();
  for (const [name, path] of Object.entries(resolved)) {
    const other = seen.get(path);
    if (other) throw new ConfigurationError(`routes.${name}`, `uses the same path as routes.${other} (${path})`);
    seen.set(path, name);
  }
  return resolved;
}

function checkPath(path: string, value: unknown): string {
  if (typeof value !== 'string' || !value.startsWith('/')) {
    throw new ConfigurationError(path, 'must start with "/"');
  }
  if (value.length > 1 && value.endsWith('/')) throw new ConfigurationError(path, 'must not end with "/"');
  if (/[?#\s]/.test(value)) throw new ConfigurationError(path, 'must be a plain path (no query, fragment or spaces)');
  if (RESERVED.includes(value)) throw new ConfigurationError(path, `must not be the discovery path ${value}`);
  return value;
}
