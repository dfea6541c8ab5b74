import type { IncomingMessage, ServerResponse } from 'node:http';

/** The probe paths, at the server's root whatever the issuer's path is. */
export const HEALTH_PATHS = { live: '/healthz', ready: '/readyz' } as const;

export interface HealthOptions {
  /** Resolves when storage answers (`idp.ping`). */
  ping(): Promise<void>;
  /** True once shutdown has begun: the instance is alive but takes no new work. */
  shuttingDown(): boolean;
  /** How long readiness waits for storage before answering 503. Default 2 s. */
  timeoutMs?: number;
}

function send(res: ServerResponse, status: number, body: Record<string, unknown>): void {
  res.writeHead(status, { 'Content-Type': 'application/json', 'Cache-Control': 'no-store' });
  res.end(JSON.stringify(body));
}

/**
 * `/healthz` (the process serves requests) and `/readyz` (storage answers, and the instance is not
 * shutting down): 200 or 503 with a small JSON body that names no backend detail. Served outside
 * the IdP so that a probe's Host header (a pod IP) is not refused by the issuer's host check.
 * Returns false for any other request.
 */
export function createHealthHandler(options: HealthOptions) {
  const timeoutMs = options.timeoutMs ?? 2_000;

  async function ready(): Promise<string | undefined> {
    if (options.shuttingDown()) return 'shutting down';
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<string>((resolve) => {
      timer = setTimeout(() => resolve('storage did not answer in time'), timeoutMs);
    });
    try {
      return await Promise.race([options.ping().then(() => undefined, () => 'storage unreachable'), timeout]);
    } finally {
      clearTimeout(timer);
    }
  }

  return function handleHealth(req: IncomingMessage, res: ServerResponse, path: string): boolean {
    if (path !== HEALTH_PATHS.live && path !== HEALTH_PATHS.ready) return false;
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.setHeader('Allow', 'GET, HEAD');
      send(res, 405, { status: 'error', reason: 'method not allowed' });
      return true;
    }
    if (path === HEALTH_PATHS.live) {
      send(res, 200, { status: 'ok' });
      return true;
    }
    void ready().then((reason) => {
      if (reason === undefined) send(res, 200, { status: 'ok' });
      else send(res, 503, { status: 'unavailable', reason });
    });
    return true;
  };
}
