import { ConfigurationError } from '../errors.js';
import { trustEntryProblem } from '../helpers/trusted-proxies.js';
import { PROVIDER_BODY_LIMIT } from '../helpers/request-limits.js';
import type { IdentityProviderOptions } from './types.js';

const isPlainObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

function integerIn(path: string, value: unknown, min: number, max = Number.MAX_SAFE_INTEGER): void {
  if (value !== undefined && (!Number.isInteger(value) || (value as number) < min || (value as number) > max)) {
    throw new ConfigurationError(path, max === Number.MAX_SAFE_INTEGER ? `must be an integer of at least ${min}` : `must be an integer from ${min} to ${max}`);
  }
}

function onlyKeys(path: string, value: Record<string, unknown>, known: readonly string[]): void {
  for (const key of Object.keys(value)) {
    if (!known.includes(key)) throw new ConfigurationError(`${path}.${key}`, `is not a known option (known: ${known.join(', ')})`);
  }
}

/** Checks `publicOrigins`: absolute http(s) origins, nothing after the port. */
function validatePublicOrigins(value: unknown): void {
  if (value === undefined) return;
  if (!Array.isArray(value)) throw new ConfigurationError('publicOrigins', 'must be an array of origins such as "https://id.example.com"');
  value.forEach((origin: unknown, i) => {
    const path = `publicOrigins[${i}]`;
    let url: URL;
    try {
      url = new URL(String(origin));
    } catch {
      throw new ConfigurationError(path, `must be an absolute origin, got ${JSON.stringify(origin)}`);
    }
    if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new ConfigurationError(path, 'must use https (or http for development)');
    if (typeof origin !== 'string' || origin.replace(/\/$/, '') !== url.origin) throw new ConfigurationError(path, `must be an origin only (scheme://host[:port]), e.g. ${JSON.stringify(url.origin)}`);
  });
}

/**
 * Checks the options of the HTTP edge: `trustProxy` entries, `publicOrigins`,
 * `clientAuthThrottle` and `requestLimits`. Called by `validateOptions`.
 */
export function validateEdgeOptions(options: IdentityProviderOptions): void {
  if (Array.isArray(options.trustProxy)) {
    options.trustProxy.forEach((entry, i) => {
      const problem = typeof entry === 'string' ? trustEntryProblem(entry) : 'is not a string';
      if (problem) throw new ConfigurationError(`trustProxy[${i}]`, problem);
    });
  }
  validatePublicOrigins(options.publicOrigins);

  const throttle = options.clientAuthThrottle;
  if (throttle !== undefined) {
    if (!isPlainObject(throttle)) throw new ConfigurationError('clientAuthThrottle', 'must be an object');
    onlyKeys('clientAuthThrottle', throttle, ['maxFailuresPerClient', 'maxFailuresPerAddress', 'windowSeconds']);
    integerIn('clientAuthThrottle.maxFailuresPerClient', throttle.maxFailuresPerClient, 1);
    integerIn('clientAuthThrottle.maxFailuresPerAddress', throttle.maxFailuresPerAddress, 1);
    integerIn('clientAuthThrottle.windowSeconds', throttle.windowSeconds, 1);
  }

  const limits = options.requestLimits;
  if (limits !== undefined) {
    if (!isPlainObject(limits)) throw new ConfigurationError('requestLimits', 'must be an object');
    onlyKeys('requestLimits', limits, ['formBytes', 'jsonBytes', 'otherBytes', 'maxParameters', 'jsonDepth', 'jsonMembers']);
    integerIn('requestLimits.formBytes', limits.formBytes, 1024, PROVIDER_BODY_LIMIT);
    integerIn('requestLimits.jsonBytes', limits.jsonBytes, 1024);
    integerIn('requestLimits.otherBytes', limits.otherBytes, 0);
    integerIn('requestLimits.maxParameters', limits.maxParameters, 10);
    integerIn('requestLimits.jsonDepth', limits.jsonDepth, 2);
    integerIn('requestLimits.jsonMembers', limits.jsonMembers, 10);
  }
}
