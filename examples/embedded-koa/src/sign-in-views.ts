import {
  describeClaim,
  describeScope,
  html,
  retryAfterText,
  safeActionUrl,
  type ConsentViewContext,
  type LoginViewContext,
  type Views,
} from '@oidc-kit/core';
import { brandPage } from './brand-page.js';

function clientName(client: LoginViewContext['client']): string {
  return client.clientName?.trim() || client.clientId;
}

/** Form actions come from the provider; refuse to render a form that would post somewhere odd. */
function action(value: string): string {
  const checked = safeActionUrl(value);
  if (checked === undefined) throw new TypeError('form action must be a path or an http(s) URL');
  return checked;
}

/**
 * The shop's sign-in page for the provider. Contract (see `LoginViewContext`): post `username`,
 * `password` and `csrf` to `action`; show `error` / `retryAfterSeconds`; prefill `loginHint`.
 */
export function shopLoginView(ctx: LoginViewContext): string {
  const throttled = ctx.retryAfterSeconds !== undefined;
  const messages = [ctx.error, throttled ? retryAfterText(ctx.retryAfterSeconds!) : undefined].filter(Boolean);
  const hint = ctx.loginHint?.trim() ? ctx.loginHint : undefined;
  const invalid = messages.length > 0 && !throttled ? html` aria-invalid="true" aria-describedby="signin-error"` : '';
  const main = html`<section class="panel" aria-labelledby="signin-title">
<h1 id="signin-title">Welcome back</h1>
<p class="sub">Sign in with your Pinecone Books account to continue to <strong>${clientName(ctx.client)}</strong>.</p>
${messages.length > 0 && html`<div class="error" id="signin-error" role="alert">${messages.map((m) => html`<p>${m}</p>`)}</div>`}
<form method="post" action="${action(ctx.action)}">
<input type="hidden" name="csrf" value="${ctx.csrfToken}">
<label for="signin-username">E-mail or username</label>
<input id="signin-username" name="username" type="text" autocomplete="username" autocapitalize="none" spellcheck="false" required${hint ? html` value="${hint}"` : ''}${invalid}${hint ? '' : html` autofocus`}>
<label for="signin-password">Password</label>
<input id="signin-password" name="password" type="password" autocomplete="current-password" required${invalid}${hint ? html` autofocus` : ''}>
<div class="row"><button class="button primary wide" type="submit">Sign in to Pinecone Books</button></div>
</form>
${ctx.cancelAction && html`<form method="post" action="${action(ctx.cancelAction)}"><input type="hidden" name="csrf" value="${ctx.csrfToken}"><div class="row"><button class="button quiet wide" type="submit">Cancel and go back</button></div></form>`}
<p class="fine">Pinecone Books never asks for your password anywhere but this page.</p>
</section>`;
  return brandPage({ nonce: ctx.nonce, title: 'Sign in', main, minimal: true });
}

/**
 * The shop's consent page. Contract (see `ConsentViewContext`): "Allow" posts `csrf` to `action`,
 * "Not now" posts `csrf` to `denyAction` (the client then receives `access_denied`).
 */
export function shopConsentView(ctx: ConsentViewContext): string {
  const name = clientName(ctx.client);
  const items = [...new Set(ctx.scopes)].map((scope) => describeScope(scope));
  if (ctx.claims && ctx.claims.length > 0) items.push(`These details: ${ctx.claims.map(describeClaim).join(', ')}`);
  const main = html`<section class="panel" aria-labelledby="consent-title">
<h1 id="consent-title">Share your account with ${name}?</h1>
<p class="sub">${ctx.accountName ? html`Signed in as <strong>${ctx.accountName}</strong>. ` : ''}${name} would like to:</p>
<ul class="permissions">${items.map((item) => html`<li>${item}</li>`)}</ul>
<div class="row">
<form method="post" action="${action(ctx.action)}"><input type="hidden" name="csrf" value="${ctx.csrfToken}"><button class="button primary" type="submit">Allow</button></form>
<form method="post" action="${action(ctx.denyAction)}"><input type="hidden" name="csrf" value="${ctx.csrfToken}"><button class="button quiet" type="submit">Not now</button></form>
</div>
<p class="fine">Only allow this if you trust ${name}.</p>
</section>`;
  return brandPage({ nonce: ctx.nonce, title: `Allow ${name}`, main, minimal: true });
}

/** The views this app gives the provider; the rest (logout, errors) stay oidc-kit's defaults. */
export const shopViews: Partial<Views> = { login: shopLoginView, consent: shopConsentView };
