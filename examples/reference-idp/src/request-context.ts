import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';

/** What every log line written while serving one request carries. */
export interface RequestContext {
  requestId: string;
}

/**
 * The current request, for log lines written deep inside the core (errors, audit lines) that
 * have no handle on the request: the logger's mixin reads it from here.
 */
export const requestContext = new AsyncLocalStorage<RequestContext>();

// Printable, header-safe and short: an incoming id is echoed in a response header and written to
// the logs, so anything else (control characters, quotes, megabytes) is replaced, not trusted.
const ACCEPTABLE_ID = /^[A-Za-z0-9._:@/+=-]{1,128}$/;

/**
 * The request id: the caller's `X-Request-Id` when it is a sane token (so a proxy's or a client's id
 * follows the request through), otherwise a fresh UUID.
 */
export function requestIdOf(header: string | string[] | undefined): string {
  const value = Array.isArray(header) ? header[0] : header;
  return value !== undefined && ACCEPTABLE_ID.test(value) ? value : randomUUID();
}
