import { alert, checkedAction, field, header, hidden } from './components.js';
import { safeActionUrl } from './escape-html.js';
import { html } from './html.js';
import { renderLayout } from './layout.js';
import type { SignupViewContext } from './types.js';

/** The default self-registration page: username, e-mail and a new password, with the CSRF token. */
export function signupView(ctx: SignupViewContext): string {
  const username = ctx.values?.username?.trim() ? ctx.values.username : undefined;
  const email = ctx.values?.email?.trim() ? ctx.values.email : undefined;
  const message = alert('signup-error', [ctx.error]);
  const describedBy = message ? 'signup-error' : undefined;
  // Focus the first field still to fill in, so a failed attempt resumes where it is needed.
  const focus = !username ? 'username' : !email ? 'email' : 'password';
  const loginUrl = safeActionUrl(ctx.loginUrl);

  const body = html`${header('Create your account')}
${message}
<form method="post" action="${checkedAction(ctx.action, 'signup action')}">
${hidden('csrf', ctx.csrfToken)}
${field({ name: 'username', label: 'Username', type: 'text', autocomplete: 'username', value: username, autofocus: focus === 'username', describedBy })}
${field({ name: 'email', label: 'E-mail', type: 'email', autocomplete: 'email', value: email, autofocus: focus === 'email', describedBy })}
${field({ name: 'password', label: 'Password', type: 'password', autocomplete: 'new-password', autofocus: focus === 'password', describedBy })}
<div class="actions"><button class="button button-primary" type="submit">Create account</button></div>
</form>
${loginUrl && html`<footer class="footer"><p>Already have an account? <a href="${loginUrl}">Sign in</a></p></footer>`}`;
  return renderLayout({ nonce: ctx.nonce, title: 'Create account', body });
}
