import { alert, checkedAction, clientDisplayName, clientLinks, field, header, hidden, postButton } from './components.js';
import { safeActionUrl } from './escape-html.js';
import { html } from './html.js';
import { renderLayout } from './layout.js';
import type { LoginViewContext } from './types.js';

function plural(n: number, unit: string): string {
  return `${n} ${unit}${n === 1 ? '' : 's'}`;
}

/**
 * "Try again in 2 minutes." from a Retry-After value, rounded up so the user never retries early.
 *
 * @example
 * retryAfterText(61) // 'Try again in 2 minutes.'
 */
export function retryAfterText(seconds: number): string {
  const s = Math.max(1, Math.ceil(Number.isFinite(seconds) ? seconds : 1));
  if (s < 60) return `Try again in ${plural(s, 'second')}.`;
  if (s < 3600) return `Try again in ${plural(Math.ceil(s / 60), 'minute')}.`;
  return `Try again in ${plural(Math.ceil(s / 3600), 'hour')}.`;
}

/** The default sign-in page: username or e-mail and password, posted with the CSRF token. */
export function loginView(ctx: LoginViewContext): string {
  const name = clientDisplayName(ctx.client);
  const action = checkedAction(ctx.action, 'login action');
  const throttled = ctx.retryAfterSeconds !== undefined;
  const message = alert('login-error', [
    ctx.error ?? (throttled ? 'Too many sign-in attempts.' : undefined),
    throttled ? retryAfterText(ctx.retryAfterSeconds as number) : undefined,
  ]);
  const describedBy = message ? 'login-error' : undefined;
  const invalid = Boolean(ctx.error) && !throttled;
  const hint = ctx.loginHint?.trim() ? ctx.loginHint : undefined;
  const signupUrl = safeActionUrl(ctx.signupUrl);
  const links = clientLinks(ctx.client);
  const footer = (signupUrl || links) && html`<footer class="footer">${
    signupUrl && html`<p>New here? <a href="${signupUrl}">Create an account</a></p>`
  }${links}</footer>`;

  const body = html`${header('Sign in', html`to continue to <strong>${name}</strong>`, ctx.client)}
${message}
<form method="post" action="${action}">
${hidden('csrf', ctx.csrfToken)}
${field({ name: 'username', label: 'Username or e-mail', type: 'text', autocomplete: 'username', value: hint, autofocus: !hint, describedBy, invalid })}
${field({ name: 'password', label: 'Password', type: 'password', autocomplete: 'current-password', autofocus: Boolean(hint), describedBy, invalid })}
<div class="actions"><button class="button button-primary" type="submit">Sign in</button></div>
</form>
${ctx.cancelAction && html`<div class="actions actions-follow">${postButton(checkedAction(ctx.cancelAction, 'login cancelAction'), ctx.csrfToken, 'Cancel', 'secondary')}</div>`}
${footer}`;
  return renderLayout({ nonce: ctx.nonce, title: `Sign in · ${name}`, body });
}
