import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startShop, type RunningShop } from './support/start-shop.js';

describe('the provider mounted under /oidc in an existing Koa app', () => {
  let running: RunningShop;

  beforeAll(async () => {
    running = await startShop();
  });
  afterAll(async () => {
    await running?.close();
  });

  it('leaves the app its own pages and its own 404', async () => {
    const home = await fetch(`${running.origin}/`);
    expect(home.status).toBe(200);
    expect(home.headers.get('content-security-policy')).toMatch(/style-src 'nonce-/);
    expect(await home.text()).toContain('Books for slow evenings');
    const missing = await fetch(`${running.origin}/no-such-page`);
    expect(missing.status).toBe(404);
    expect(await missing.text()).toBe('Not Found'); // Koa's, not an OAuth error body
  });

  it('has no dead links on its pages', async () => {
    for (const path of ['/', '/club']) {
      const page = await (await fetch(`${running.origin}${path}`)).text();
      const links = [...page.matchAll(/href="(\/[^"]*)"/g)].map((match) => match[1]!);
      expect(links.length).toBeGreaterThan(2);
      for (const link of links) {
        const response = await fetch(`${running.origin}${link}`, { redirect: 'manual' });
        expect([200, 302], `${link} on ${path}`).toContain(response.status);
      }
    }
  });

  it('serves discovery under the prefix, with every endpoint under it', async () => {
    const metadata = await (await fetch(`${running.origin}/oidc/.well-known/openid-configuration`)).json();
    expect(metadata.issuer).toBe(`${running.origin}/oidc`);
    for (const key of ['authorization_endpoint', 'token_endpoint', 'userinfo_endpoint', 'jwks_uri', 'end_session_endpoint']) {
      expect(metadata[key], key).toMatch(new RegExp(`^${running.origin}/oidc/`));
    }
  });

  it('renders its own sign-in page for the provider', async () => {
    const start = await fetch(`${running.origin}/club/login`, { redirect: 'manual' });
    expect(start.status).toBe(302);
    const cookie = start.headers.getSetCookie().map((line) => line.split(';')[0]).join('; ');
    let location = start.headers.get('location')!;
    expect(location.startsWith(`${running.origin}/oidc/`)).toBe(true);
    let response: Response = start;
    const jar: string[] = [cookie];
    for (let i = 0; i < 5 && location; i += 1) {
      response = await fetch(new URL(location, running.origin), { redirect: 'manual', headers: { cookie: jar.join('; ') } });
      jar.push(...response.headers.getSetCookie().map((line) => line.split(';')[0]!));
      location = response.headers.get('location') ?? '';
    }
    expect(response.status).toBe(200);
    const page = await response.text();
    expect(page).toContain('Welcome back');
    expect(page).toContain('Pinecone <span>Books</span>');
    expect(page).toMatch(/<input id="signin-username" name="username"/);
    expect(response.headers.get('content-security-policy')).toMatch(/frame-ancestors 'none'/);
  });
});
