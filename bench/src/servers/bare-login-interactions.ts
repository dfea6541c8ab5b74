import { bodyParser } from '@koa/bodyparser';
import bcrypt from 'bcryptjs';
import Koa from 'koa';
import type Provider from 'oidc-provider';
import { USERS } from '../fixtures.js';

const escape = (value: string) => value.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

function page(title: string, action: string, inputs: string): string {
  return `<!doctype html><html><head><meta charset="utf-8"><title>${title}</title></head><body><h1>${title}</h1>`
    + `<form method="post" action="${escape(action)}">${inputs}<button type="submit">Continue</button></form></body></html>`;
}

/**
 * The least a deployment of bare oidc-provider adds before it can sign anyone in: its own
 * interaction routes (as oidc-provider's example app has them) whose login checks a bcrypt
 * password hash, here the bench user's, at the same cost oidc-kit checks it. Consent grants what
 * was asked. Everything else goes to the provider untouched.
 */
export function passwordLoginApp(provider: Provider, accountId: string, passwordHash: string): Koa {
  const app = new Koa();
  const form = bodyParser({ enableTypes: ['form'] });
  const providerListener = provider.callback();
  app.use(async (ctx) => {
    const match = /^\/interaction\/([\w-]+)(\/login|\/confirm)?$/.exec(ctx.path);
    if (!match) {
      ctx.respond = false;
      await providerListener(ctx.req, ctx.res);
      return;
    }
    ctx.set('Cache-Control', 'no-store');
    const details = await provider.interactionDetails(ctx.req, ctx.res);
    if (details.uid !== match[1]) ctx.throw(400, 'interaction mismatch');
    const action = match[2];
    if (ctx.method === 'GET' && !action) {
      ctx.type = 'html';
      ctx.body = details.prompt.name === 'login'
        ? page('Sign in', `/interaction/${details.uid}/login`, '<input name="login"><input name="password" type="password">')
        : page('Authorize', `/interaction/${details.uid}/confirm`, '');
      return;
    }
    if (ctx.method !== 'POST' || !action) ctx.throw(405);
    await form(ctx, async () => {});
    const body = (ctx.request as unknown as { body: Record<string, string> }).body;
    let result;
    if (action === '/login') {
      const valid = body.login === USERS.cost4.username && await bcrypt.compare(String(body.password ?? ''), passwordHash);
      if (!valid) {
        ctx.status = 401;
        ctx.type = 'html';
        ctx.body = page('Sign in', `/interaction/${details.uid}/login`, '<input name="login"><input name="password" type="password">');
        return;
      }
      result = { login: { accountId } };
    } else {
      const { prompt: { details: missing }, params, session } = details;
      const grant = details.grantId
        ? (await provider.Grant.find(details.grantId))!
        : new provider.Grant({ accountId: session!.accountId, clientId: params.client_id as string });
      if (Array.isArray(missing.missingOIDCScope)) grant.addOIDCScope(missing.missingOIDCScope.join(' '));
      if (Array.isArray(missing.missingOIDCClaims)) grant.addOIDCClaims(missing.missingOIDCClaims as string[]);
      const resources = (missing.missingResourceScopes ?? {}) as Record<string, string[]>;
      for (const [resource, scopes] of Object.entries(resources)) grant.addResourceScope(resource, scopes.join(' '));
      result = { consent: { grantId: await grant.save() } };
    }
    const redirectTo = await provider.interactionResult(ctx.req, ctx.res, result, { mergeWithLastSubmission: false });
    ctx.status = 303;
    ctx.redirect(redirectTo);
  });
  return app;
}
