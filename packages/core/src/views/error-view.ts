import { header } from './components.js';
import { safeActionUrl } from './escape-html.js';
import { html } from './html.js';
import { renderLayout } from './layout.js';
import type { ErrorViewContext } from './types.js';

const MAX_TEXT = 400;

/**
 * Keeps a message fit for a user: cuts anything that looks like a stack trace (`\n    at …`) and
 * caps the length. The caller should never pass a stack; this is the second line of defence.
 */
export function userFacingText(value: unknown): string {
  const text = typeof value === 'string' ? value : String(value ?? '');
  const stack = text.search(/\r?\n\s*at\s/);
  const head = (stack === -1 ? text : text.slice(0, stack)).trim();
  return head.length > MAX_TEXT ? `${head.slice(0, MAX_TEXT - 1).trimEnd()}…` : head;
}

/** The default error page: a friendly headline, what happened, the error code, and a way back. */
export function errorView(ctx: ErrorViewContext): string {
  const title = userFacingText(ctx.title) || 'Something went wrong';
  const description = ctx.description ? userFacingText(ctx.description) : '';
  // Dropped, not thrown, when unsafe: failing to render an error page would hide the first error.
  const back = safeActionUrl(ctx.backUrl);

  const body = html`<span class="badge badge-error" aria-hidden="true">!</span>
${header(title, description || 'Please return to the application you came from and try again.')}
${back && html`<div class="actions"><a class="button button-secondary" href="${back}">Go back</a></div>`}
<p class="code">Error code: ${userFacingText(ctx.error)} (${String(ctx.status)})</p>`;
  return renderLayout({ nonce: ctx.nonce, title, body });
}
