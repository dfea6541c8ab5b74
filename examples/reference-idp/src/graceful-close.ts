import type { Server } from 'node:http';
import type { HttpHandler } from './http-handler.js';

/**
 * Stops an HTTP server the way an orchestrator expects on SIGTERM: no new connections, idle
 * keep-alive connections closed at once, in-flight requests allowed to finish (each then closes
 * its connection), and after `timeoutMs` whatever is left is cut. Resolves once every connection
 * is gone.
 */
export async function closeGracefully(server: Server, handler: HttpHandler, timeoutMs: number): Promise<{ cut: boolean }> {
  handler.beginShutdown();
  const closed = new Promise<void>((resolve) => server.close(() => resolve()));
  server.closeIdleConnections();
  let cut = false;
  const deadline = setTimeout(() => {
    cut = handler.inFlight > 0;
    server.closeAllConnections();
  }, timeoutMs);
  // Requests that finish during the wait leave idle keep-alive sockets behind: close those too.
  const sweep = setInterval(() => server.closeIdleConnections(), 100);
  try {
    await closed;
  } finally {
    clearTimeout(deadline);
    clearInterval(sweep);
  }
  return { cut };
}
