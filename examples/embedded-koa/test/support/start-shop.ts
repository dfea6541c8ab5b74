import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Logger } from '@oidc-kit/core';
import { createShop, type Shop } from '../../src/create-app.js';

export interface RunningShop {
  shop: Shop;
  origin: string;
  server: Server;
  close(): Promise<void>;
}

const quiet: Logger = { info: () => {}, warn: () => {}, error: (object, message) => console.error(message, object) };

/** The example app on 127.0.0.1 with an ephemeral port (the origin is known before the app is built). */
export async function startShop(): Promise<RunningShop> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const shop = await createShop({ origin, passwordCost: 4, logger: quiet });
  server.on('request', shop.app.callback());
  return {
    shop,
    origin,
    server,
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await shop.close();
    },
  };
}
