import { randomBytes } from 'node:crypto';
import { Router } from '@koa/router';
import { createIdentityProvider, html, MemoryAccountStore, type IdentityProvider, type Logger } from '@oidc-kit/core';
import Koa from 'koa';
import { bookClubRoutes, clubMember } from './book-club.js';
import { BOOKS, DEMO_READER, bookClubClient } from './demo-data.js';
import { sendShopPage } from './shop-page.js';
import { shopViews } from './sign-in-views.js';

export interface ShopOptions {
  /** The app's public origin, e.g. `http://localhost:4000`; the provider's issuer is `<origin>/oidc`. */
  origin: string;
  /** bcrypt cost of the demo reader's hash (default 12; tests use 4). */
  passwordCost?: number;
  logger?: Logger;
}

export interface Shop {
  app: Koa;
  idp: IdentityProvider;
  issuer: string;
  close(): Promise<void>;
}

/**
 * Pinecone Books: an existing Koa app (its home page, its Book Club) that mounts an OpenID
 * provider under `/oidc` with its own sign-in and consent pages, and signs its own members in
 * through it.
 */
export async function createShop(options: ShopOptions): Promise<Shop> {
  const issuer = `${options.origin}/oidc`;
  const client = bookClubClient(options.origin);
  const accounts = new MemoryAccountStore();
  const idp = await createIdentityProvider({
    issuer,
    accounts,
    clients: [client],
    interactions: { views: shopViews },
    passwords: { cost: options.passwordCost ?? 12 },
    ...(options.logger ? { logger: options.logger } : {}),
  });
  await accounts.create({
    id: DEMO_READER.id,
    username: DEMO_READER.username,
    email: DEMO_READER.email,
    emailVerified: true,
    passwordHash: await idp.passwords.hash(DEMO_READER.password),
    claims: { name: DEMO_READER.name },
  });

  const shop = new Router();
  shop.get('/', (ctx) => {
    const member = clubMember(ctx);
    const main = html`<h1>Books for slow evenings</h1>
<ul class="books">${BOOKS.map((book) => html`<li><strong>${book.title}</strong>${book.author}</li>`)}</ul>
<p>Members of the <a href="/club">Book Club</a> read one of them together each month.</p>`;
    sendShopPage(ctx, 200, { title: 'Books', main, userName: member?.name });
  });

  const app = new Koa();
  app.keys = [randomBytes(32).toString('base64url')];
  app.use(idp.middleware()); // everything under /oidc; other paths go on to the shop
  app.use(shop.routes());
  app.use(bookClubRoutes({ origin: options.origin, issuer, clientId: client.client_id, clientSecret: client.client_secret }).routes());
  return { app, idp, issuer, close: () => idp.close() };
}
