#!/usr/bin/env node
import { createServer } from 'node:http';
import { createShop } from './create-app.js';
import { DEMO_READER } from './demo-data.js';

// An example: the only configuration is where it listens.
const port = Number(process.env.PORT ?? 4000);
const origin = `http://localhost:${port}`;
const shop = await createShop({ origin });
const server = createServer(shop.app.callback()).listen(port, () => {
  console.log(`Pinecone Books on ${origin} (OpenID provider at ${shop.issuer})`);
  console.log(`Book Club: ${origin}/club — sign in as ${DEMO_READER.username} / ${DEMO_READER.password}`);
});
const stop = () => {
  server.close(() => void shop.close().then(() => process.exit(0)));
  server.closeIdleConnections();
};
process.once('SIGTERM', stop);
process.once('SIGINT', stop);
