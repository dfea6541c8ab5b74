import { checkedAction, clientDisplayName, clientLinks, header, postButton } from './components.js';
import { html } from './html.js';
import { renderLayout } from './layout.js';
import { describeClaim, describeScope } from './scope-descriptions.js';
import type { ConsentViewContext } from './types.js';

/** The lines of the "This will allow … to:" list: one per scope, one for individually asked claims. */
export function consentItems(scopes: readonly string[], claims: readonly string[] = []): string[] {
  const items = [...new Set(scopes)].filter(Boolean).map((scope) => describeScope(scope));
  const details = [...new Set(claims)].filter(Boolean).map(describeClaim);
  if (details.length > 0) items.push(`These details: ${details.join(', ')}`);
  return items;
}

/** The default consent page: who asks, for what (in words), Allow and Deny as two CSRF-checked POSTs. */
export function consentView(ctx: ConsentViewContext): string {
  const name = clientDisplayName(ctx.client);
  const items = consentItems(ctx.scopes, ctx.claims);
  const links = clientLinks(ctx.client);
  const lead = ctx.accountName ? html`Signed in as <strong>${ctx.accountName}</strong>` : undefined;

  const body = html`${header(html`<strong>${name}</strong> wants to access your account`, lead, ctx.client)}
${items.length > 0 && html`<h2 class="section-title" id="consent-scopes">This will allow ${name} to use:</h2>
<ul class="scopes" aria-labelledby="consent-scopes">${items.map((item) => html`<li>${item}</li>`)}</ul>`}
<div class="actions">
${postButton(checkedAction(ctx.action, 'consent action'), ctx.csrfToken, 'Allow', 'primary')}
${postButton(checkedAction(ctx.denyAction, 'consent denyAction'), ctx.csrfToken, 'Deny', 'secondary')}
</div>
<footer class="footer"><p>Only allow this if you trust ${name}.</p>${links}</footer>`;
  return renderLayout({ nonce: ctx.nonce, title: `Allow access · ${name}`, body });
}
