import type { Server, ServerOptions } from 'node:http';

/**
 * Limits of the reference IdP's HTTP server against slow and oversized clients. A slowloris
 * client holds a connection by sending its headers a byte at a time; these bound how long any
 * connection may take before it has sent a complete request.
 */
export interface ServerLimits {
  /** Time to receive the complete request headers, from the first byte (then 408). Default 10 s. */
  headersTimeoutMs: number;
  /** Time to receive the complete request, body included (then 408). Default 30 s. */
  requestTimeoutMs: number;
  /** An idle keep-alive connection is closed after this long. Default 5 s. */
  keepAliveTimeoutMs: number;
  /** Largest request header section, in bytes (then 431). Default 16 KiB. */
  maxHeaderSize: number;
  /**
   * How often connections are checked against the two timeouts above. Node's default (30 s) lets
   * a slow connection live up to 30 s past its timeout. Default 1 s.
   */
  connectionsCheckingIntervalMs: number;
}

export const DEFAULT_SERVER_LIMITS: Readonly<ServerLimits> = Object.freeze({
  headersTimeoutMs: 10_000,
  requestTimeoutMs: 30_000,
  keepAliveTimeoutMs: 5_000,
  maxHeaderSize: 16 * 1024,
  connectionsCheckingIntervalMs: 1_000,
});

/** `http.createServer` options for these limits (the ones that can only be set at creation). */
export function serverOptions(limits: Partial<ServerLimits> = {}): ServerOptions {
  const resolved = { ...DEFAULT_SERVER_LIMITS, ...limits };
  return {
    headersTimeout: resolved.headersTimeoutMs,
    requestTimeout: resolved.requestTimeoutMs,
    keepAliveTimeout: resolved.keepAliveTimeoutMs,
    maxHeaderSize: resolved.maxHeaderSize,
    connectionsCheckingInterval: resolved.connectionsCheckingIntervalMs,
  };
}

/** Sets the limits that are properties of a created server (kept in step with {@link serverOptions}). */
export function applyServerLimits(server: Server, limits: Partial<ServerLimits> = {}): void {
  const resolved = { ...DEFAULT_SERVER_LIMITS, ...limits };
  server.keepAliveTimeout = resolved.keepAliveTimeoutMs;
  server.headersTimeout = resolved.headersTimeoutMs;
  server.requestTimeout = resolved.requestTimeoutMs;
}
