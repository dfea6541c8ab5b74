import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';
import { clientAddressOf, type IdentityProvider, type Logger } from '@oidc-kit/core';
import { createHealthHandler } from './health.js';
import { requestContext, requestIdOf } from './request-context.js';

export interface HttpHandler {
  listener: RequestListener;
  /** Responses not finished yet. */
  readonly inFlight: number;
  /**
   * From now on readiness answers 503 and every response not yet started ends its connection
   * (`Connection: close`), so keep-alive clients move to other instances.
   */
  beginShutdown(): void;
  readonly shuttingDown: boolean;
}

function pathOf(url: string | undefined): string {
  const raw = url ?? '/';
  const end = raw.search(/[?#]/);
  return end === -1 ? raw : raw.slice(0, end);
}

/**
 * The reference IdP's request listener: gives each request an id (`X-Request-Id`, honoured or
 * generated, echoed back), answers the health probes, hands the rest to the IdP and writes one
 * access-log line per response. The line has the path but never the query string, headers or body,
 * where codes, tokens and passwords travel.
 */
export function createHttpHandler(idp: IdentityProvider, logger: Logger): HttpHandler {
  const app = idp.callback();
  const open = new Set<ServerResponse>();
  let shuttingDown = false;
  const health = createHealthHandler({ ping: () => idp.ping(), shuttingDown: () => shuttingDown });

  function listener(req: IncomingMessage, res: ServerResponse): void {
    const requestId = requestIdOf(req.headers['x-request-id']);
    res.setHeader('X-Request-Id', requestId);
    if (shuttingDown) res.setHeader('Connection', 'close');
    const path = pathOf(req.url);
    open.add(res);
    const started = performance.now();
    res.once('close', () => {
      open.delete(res);
      if (path === '/healthz' || path === '/readyz') return; // probes every few seconds would drown the log
      const entry = {
        reqId: requestId,
        method: req.method,
        path,
        status: res.statusCode,
        durationMs: Math.round((performance.now() - started) * 10) / 10,
        // The client as the trusted proxies report it; the peer (a proxy, perhaps) beside it.
        clientAddress: clientAddressOf(req) ?? req.socket.remoteAddress,
        remoteAddress: req.socket.remoteAddress,
        ...(res.writableFinished ? {} : { aborted: true }),
      };
      if (res.statusCode >= 500) logger.error(entry, 'request');
      else logger.info(entry, 'request');
    });
    requestContext.run({ requestId }, () => {
      if (!health(req, res, path)) app(req, res);
    });
  }

  return {
    listener,
    get inFlight() {
      return open.size;
    },
    get shuttingDown() {
      return shuttingDown;
    },
    beginShutdown() {
      shuttingDown = true;
      for (const res of open) if (!res.headersSent) res.setHeader('Connection', 'close');
    },
  };
}
