import { checkedAction, header, hidden } from './components.js';
import { html } from './html.js';
import { renderLayout } from './layout.js';
import type { LogoutConfirmViewContext, LogoutSuccessViewContext } from './types.js';

// Set by the view itself: a caller's hidden `logout` would make "Stay signed in" sign the user out.
const RESERVED_FIELDS = new Set(['xsrf', 'logout']);

/**
 * The default RP-initiated logout confirmation. Both buttons submit one form: "Sign out" adds
 * `logout=yes` (end the session), "Stay signed in" posts without it, as oidc-provider expects.
 */
export function logoutConfirmView(ctx: LogoutConfirmViewContext): string {
  const extra = Object.entries(ctx.hiddenFields ?? {})
    .filter(([key]) => !RESERVED_FIELDS.has(key))
    .map(([key, value]) => hidden(key, value));
  const lead = ctx.clientName
    ? html`<strong>${ctx.clientName}</strong> asked to sign you out of your account.`
    : 'You will be signed out of your account on this device.';

  const body = html`${header('Sign out?', lead)}
<form method="post" action="${checkedAction(ctx.action, 'logoutConfirm action')}">
${hidden('xsrf', ctx.xsrf)}${extra}
<div class="actions">
<button class="button button-primary" type="submit" name="logout" value="yes" autofocus>Sign out</button>
<button class="button button-secondary" type="submit">Stay signed in</button>
</div>
</form>`;
  return renderLayout({ nonce: ctx.nonce, title: 'Sign out', body });
}

/** The default page after a logout that has no redirect back to the client. */
export function logoutSuccessView(ctx: LogoutSuccessViewContext): string {
  const lead = ctx.clientName
    ? html`You have signed out of <strong>${ctx.clientName}</strong>. You can close this window now.`
    : 'You have been signed out. You can close this window now.';
  const body = html`<span class="badge badge-ok" aria-hidden="true">✓</span>
${header("You're signed out", lead)}`;
  return renderLayout({ nonce: ctx.nonce, title: 'Signed out', body });
}
