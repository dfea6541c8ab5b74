import { createServer, request } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A minimal HTTP load balancer on 127.0.0.1 (port 0): every request goes to the backend port the
 * test chose (`target`), with the Host header unchanged, as a real one in front of several
 * instances sharing one issuer. Keep-alive is off, so switching `target` takes effect at once.
 */
export interface LoadBalancer {
  /** The public origin: use it as the issuer of every backend. */
  url: string;
  /** The backend port that receives the next requests. */
  target: number;
  close(): Promise<void>;
}

export async function startLoadBalancer(): Promise<LoadBalancer> {
  const balancer: LoadBalancer = { url: '', target: 0, close: async () => undefined };
  const server = createServer((req, res) => {
    const upstream = request(
      { host: '127.0.0.1', port: balancer.target, method: req.method, path: req.url, headers: { ...req.headers, connection: 'close' } },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    upstream.on('error', () => {
      if (!res.headersSent) res.writeHead(502, { 'content-type': 'text/plain' });
      res.end('backend unreachable');
    });
    req.pipe(upstream);
  });
  server.keepAliveTimeout = 0;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  balancer.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  balancer.close = async () => {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  };
  return balancer;
}
