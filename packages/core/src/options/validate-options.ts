import { ConfigurationError } from '../errors.js';
import type { IdentityProviderOptions } from './types.js';
import { validateEdgeOptions } from './validate-edge-options.js';
import { validateAdminOptions } from '../actions/admin/admin-options.js';

const SCOPE_TOKEN = /^[\x21\x23-\x5B\x5D-\x7E]+$/;

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function positiveInteger(path: string, value: unknown): void {
  if (value !== undefined && (!Number.isInteger(value) || (value as number) <= 0)) {
    throw new ConfigurationError(path, 'must be a positive integer');
  }
}

function nonNegativeInteger(path: string, value: unknown): void {
  if (value !== undefined && (!Number.isInteger(value) || (value as number) < 0)) {
    throw new ConfigurationError(path, 'must be a non-negative integer');
  }
}

function oneOf(path: string, value: unknown, allowed: readonly unknown[]): void {
  if (value !== undefined && !allowed.includes(value)) {
    throw new ConfigurationError(path, `must be one of ${allowed.map((a) => JSON.stringify(a)).join(', ')}`);
  }
}

function hasMethods(path: string, value: unknown, methods: string[]): void {
  if (value === undefined) return;
  for (const method of methods) {
    if (typeof (value as Record<string, unknown>)?.[method] !== 'function') {
      throw new ConfigurationError(path, `must implement ${method}()`);
    }
  }
}

/** Parses and checks the issuer: absolute http(s), no query, no fragment, no trailing slash. */
export function parseIssuer(value: unknown): URL {
  if (typeof value !== 'string' || value === '') throw new ConfigurationError('issuer', 'is required (an absolute http(s) URL)');
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new ConfigurationError('issuer', `must be an absolute URL, got ${JSON.stringify(value)}`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new ConfigurationError('issuer', 'must use https (or http for development)');
  if (url.search || url.hash || value.includes('?') || value.includes('#')) throw new ConfigurationError('issuer', 'must not contain a query or fragment');
  if (url.username || url.password) throw new ConfigurationError('issuer', 'must not contain credentials');
  if (value.endsWith('/')) throw new ConfigurationError('issuer', 'must not end with "/"');
  return url;
}

/**
 * Checks every option once, at start-up, and throws a `ConfigurationError` naming the first
 * bad one (`grants.password.maxFailures must be a positive integer`). Deeper checks (keys,
 * routes, client metadata) happen where those are resolved, with the same error type.
 */
export function validateOptions(options: IdentityProviderOptions): void {
  if (!isPlainObject(options)) throw new ConfigurationError('options', 'must be an object');
  parseIssuer(options.issuer);

  hasMethods('accounts', options.accounts, ['findById', 'findByLogin', 'create', 'update', 'delete', 'list']);
  hasMethods('counters', options.counters, ['increment', 'get', 'reset']);
  hasMethods('secretsStore', options.secretsStore, ['get', 'setIfAbsent']);
  if (options.adapter !== undefined && typeof options.adapter !== 'function') {
    throw new ConfigurationError('adapter', 'must be an adapter factory function (modelName) => Adapter');
  }
  const clients = options.clients;
  if (clients !== undefined && !Array.isArray(clients)) {
    if (isPlainObject(clients) && ('store' in clients || 'static' in clients)) {
      hasMethods('clients.store', clients.store, ['find', 'save', 'delete', 'list']);
      if (clients.static !== undefined && !Array.isArray(clients.static)) throw new ConfigurationError('clients.static', 'must be an array of client metadata');
    } else {
      hasMethods('clients', clients, ['find', 'save', 'delete', 'list']);
    }
  }

  if (options.cookieKeys !== undefined) {
    if (!Array.isArray(options.cookieKeys) || options.cookieKeys.length === 0) throw new ConfigurationError('cookieKeys', 'must be a non-empty array of secrets');
    options.cookieKeys.forEach((key, i) => {
      if (typeof key !== 'string' || key.length < 32) throw new ConfigurationError(`cookieKeys[${i}]`, 'must be a string of at least 32 characters');
    });
  }

  if (options.scopes !== undefined) {
    if (!Array.isArray(options.scopes)) throw new ConfigurationError('scopes', 'must be an array of scope names');
    options.scopes.forEach((scope, i) => {
      if (typeof scope !== 'string' || !SCOPE_TOKEN.test(scope)) throw new ConfigurationError(`scopes[${i}]`, 'must be a scope token (printable ASCII, no spaces, quotes or backslashes)');
    });
  }
  if (options.claims !== undefined) {
    if (!isPlainObject(options.claims)) throw new ConfigurationError('claims', 'must map scope names to arrays of claim names');
    for (const [scope, names] of Object.entries(options.claims)) {
      if (!Array.isArray(names) || names.some((n) => typeof n !== 'string')) throw new ConfigurationError(`claims.${scope}`, 'must be an array of claim names');
    }
  }

  const { grants } = options;
  if (grants !== undefined) {
    if (!isPlainObject(grants)) throw new ConfigurationError('grants', 'must be an object');
    for (const key of Object.keys(grants)) oneOf(`grants.${key}`, key, ['clientCredentials', 'password', 'jwtBearer', 'samlBearer']);
    if (grants.clientCredentials !== undefined && typeof grants.clientCredentials !== 'boolean') throw new ConfigurationError('grants.clientCredentials', 'must be true or false');
    if (isPlainObject(grants.password)) {
      positiveInteger('grants.password.maxFailures', grants.password.maxFailures);
      positiveInteger('grants.password.windowSeconds', grants.password.windowSeconds);
    } else if (grants.password !== undefined && typeof grants.password !== 'boolean') {
      throw new ConfigurationError('grants.password', 'must be true, false or an object');
    }
    if (grants.jwtBearer !== undefined) validateJwtBearer(grants.jwtBearer);
    if (grants.samlBearer !== undefined) validateSamlBearer(grants.samlBearer);
  }

  const at = options.accessTokens;
  if (at !== undefined) {
    if (!isPlainObject(at)) throw new ConfigurationError('accessTokens', 'must be an object');
    oneOf('accessTokens.format', at.format, ['opaque', 'jwt']);
    positiveInteger('accessTokens.ttl', at.ttl);
    oneOf('accessTokens.signingAlg', at.signingAlg, ['RS256', 'ES256']);
    if (at.audience !== undefined) {
      try {
        new URL(String(at.audience));
      } catch {
        throw new ConfigurationError('accessTokens.audience', 'must be an absolute URI');
      }
    }
  }

  if (options.ttl !== undefined) {
    if (!isPlainObject(options.ttl)) throw new ConfigurationError('ttl', 'must be an object');
    for (const [key, value] of Object.entries(options.ttl)) {
      oneOf(`ttl.${key}`, key, ['authorizationCode', 'idToken', 'refreshToken', 'session', 'grant', 'interaction']);
      positiveInteger(`ttl.${key}`, value);
    }
  }

  if (options.passwords !== undefined) {
    if (!isPlainObject(options.passwords)) throw new ConfigurationError('passwords', 'must be an object');
    const cost = options.passwords.cost;
    if (cost !== undefined && (!Number.isInteger(cost) || cost < 4 || cost > 31)) throw new ConfigurationError('passwords.cost', 'must be an integer between 4 and 31');
    positiveInteger('passwords.minLength', options.passwords.minLength);
  }
  oneOf('pkce', options.pkce, ['public', 'always']);
  nonNegativeInteger('refreshTokenReuseGraceSeconds', options.refreshTokenReuseGraceSeconds);
  validateTrustProxy(options.trustProxy);
  validateEdgeOptions(options);
  validateAdminOptions(options);
  if (options.interactions !== undefined && !isPlainObject(options.interactions)) throw new ConfigurationError('interactions', 'must be an object');
  if (options.interactions?.views !== undefined) {
    if (!isPlainObject(options.interactions.views)) throw new ConfigurationError('interactions.views', 'must be an object of view functions');
    for (const [name, view] of Object.entries(options.interactions.views)) {
      if (typeof view !== 'function') throw new ConfigurationError(`interactions.views.${name}`, 'must be a function returning HTML');
    }
  }
  hasMethods('logger', options.logger, ['info', 'warn', 'error']);
}

function validateTrustProxy(value: unknown): void {
  if (value === undefined || typeof value === 'boolean') return;
  if (typeof value === 'number') {
    positiveInteger('trustProxy', value);
    return;
  }
  if (Array.isArray(value) && value.length > 0 && value.every((v) => typeof v === 'string' && v.length > 0)) return;
  throw new ConfigurationError('trustProxy', 'must be true, false, a hop count, or a list of proxy addresses/CIDRs');
}

function validateJwtBearer(value: unknown): void {
  if (!isPlainObject(value) || !Array.isArray(value.issuers)) throw new ConfigurationError('grants.jwtBearer.issuers', 'must be an array');
  value.issuers.forEach((issuer: unknown, i: number) => {
    const at = `grants.jwtBearer.issuers[${i}]`;
    if (!isPlainObject(issuer) || typeof issuer.issuer !== 'string' || issuer.issuer === '') throw new ConfigurationError(`${at}.issuer`, 'is required');
    if (issuer.jwks === undefined && issuer.jwks_uri === undefined) throw new ConfigurationError(at, 'needs "jwks" or "jwks_uri"');
    if (issuer.jwks !== undefined && (!isPlainObject(issuer.jwks) || !Array.isArray(issuer.jwks.keys))) throw new ConfigurationError(`${at}.jwks`, 'must be a JWKS object with a "keys" array');
    if (issuer.jwks_uri !== undefined) {
      try {
        const url = new URL(String(issuer.jwks_uri));
        if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new Error('scheme');
      } catch {
        throw new ConfigurationError(`${at}.jwks_uri`, 'must be an absolute http(s) URL');
      }
    }
    if (issuer.algorithms !== undefined) {
      if (!Array.isArray(issuer.algorithms) || issuer.algorithms.length === 0) throw new ConfigurationError(`${at}.algorithms`, 'must be a non-empty array');
      issuer.algorithms.forEach((alg: unknown, j: number) => {
        if (typeof alg !== 'string' || alg === 'none' || alg.startsWith('HS')) throw new ConfigurationError(`${at}.algorithms[${j}]`, 'must be an asymmetric JWS algorithm (none and HS* are refused)');
      });
    }
    positiveInteger(`${at}.maxLifetimeSeconds`, issuer.maxLifetimeSeconds);
  });
  positiveInteger('grants.jwtBearer.clockSkewSeconds', value.clockSkewSeconds);
}

function validateSamlBearer(value: unknown): void {
  if (!isPlainObject(value) || !Array.isArray(value.idps)) throw new ConfigurationError('grants.samlBearer.idps', 'must be an array');
  value.idps.forEach((idp: unknown, i: number) => {
    const at = `grants.samlBearer.idps[${i}]`;
    if (!isPlainObject(idp) || typeof idp.entityId !== 'string' || idp.entityId === '') throw new ConfigurationError(`${at}.entityId`, 'is required');
    if (!Array.isArray(idp.certificates) || idp.certificates.length === 0 || idp.certificates.some((c: unknown) => typeof c !== 'string' || c.trim() === '')) {
      throw new ConfigurationError(`${at}.certificates`, 'must be a non-empty array of PEM certificates');
    }
  });
  positiveInteger('grants.samlBearer.clockSkewSeconds', value.clockSkewSeconds);
}
