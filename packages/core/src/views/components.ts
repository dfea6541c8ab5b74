import { safeActionUrl, safeHttpUrl } from './escape-html.js';
import { html, type SafeHtml } from './html.js';
import type { ViewClient } from './types.js';

/** The name shown for a client: its `client_name`, else its id. */
export function clientDisplayName(client: ViewClient): string {
  const name = client.clientName?.trim();
  return name ? name : client.clientId;
}

/**
 * A form action or same-site link, checked: a view given a `javascript:` or `//other-host` action is
 * a programming error, and a form silently posting elsewhere would be worse than a failed render.
 */
export function checkedAction(value: string, name: string): string {
  const url = safeActionUrl(value);
  if (url === undefined) throw new TypeError(`${name} must be an absolute path or an http(s) URL`);
  return url;
}

/** The card header: the client's logo (http(s) only) or its initial, a headline and a lead line. */
export function header(headline: SafeHtml | string, lead?: SafeHtml | string, client?: ViewClient): SafeHtml {
  const logo = client && safeHttpUrl(client.logoUri);
  const initial = client ? Array.from(clientDisplayName(client))[0]?.toUpperCase() : undefined;
  const mark = logo
    ? html`<img class="logo" src="${logo}" alt="" width="48" height="48" referrerpolicy="no-referrer">`
    : initial && html`<span class="monogram" aria-hidden="true">${initial}</span>`;
  return html`<header class="header">${mark}<h1>${headline}</h1>${lead && html`<p class="lead">${lead}</p>`}</header>`;
}

/** The one message region of a page; `role="alert"` so screen readers announce it on load. */
export function alert(id: string, lines: readonly (string | undefined)[]): SafeHtml | undefined {
  const shown = lines.filter((line): line is string => Boolean(line));
  if (shown.length === 0) return undefined;
  return html`<div class="alert" id="${id}" role="alert">${shown.map((line) => html`<p>${line}</p>`)}</div>`;
}

export interface FieldOptions {
  name: string;
  label: string;
  type: 'text' | 'email' | 'password';
  autocomplete: string;
  value?: string | undefined;
  autofocus?: boolean;
  /** id of the alert that explains a problem with this field. */
  describedBy?: string | undefined;
  /** Marks the field invalid (red border, `aria-invalid`). */
  invalid?: boolean;
}

/** A labelled input. The label is bound by `for`/`id`, and the field points at the error it has. */
export function field(options: FieldOptions): SafeHtml {
  const id = `field-${options.name}`;
  return html`<div class="field">
<label for="${id}">${options.label}</label>
<input id="${id}" name="${options.name}" type="${options.type}" autocomplete="${options.autocomplete}"${
    options.value ? html` value="${options.value}"` : ''
  } required${options.type === 'text' ? html` autocapitalize="none" spellcheck="false"` : ''}${
    options.describedBy ? html` aria-describedby="${options.describedBy}"` : ''
  }${options.invalid ? html` aria-invalid="true"` : ''}${options.autofocus ? html` autofocus` : ''}>
</div>`;
}

/** A hidden input. */
export function hidden(name: string, value: string): SafeHtml {
  return html`<input type="hidden" name="${name}" value="${value}">`;
}

/** A POST form with the CSRF token and one submit button. */
export function postButton(action: string, csrfToken: string, label: string, variant: 'primary' | 'secondary'): SafeHtml {
  return html`<form method="post" action="${action}">${hidden('csrf', csrfToken)}<button class="button button-${variant}" type="submit">${label}</button></form>`;
}

/** The client's privacy policy and terms links, http(s) only; nothing when it has neither. */
export function clientLinks(client: ViewClient): SafeHtml | undefined {
  const links = [
    [safeHttpUrl(client.policyUri), 'Privacy policy'],
    [safeHttpUrl(client.tosUri), 'Terms of service'],
  ].filter((pair): pair is [string, string] => pair[0] !== undefined);
  if (links.length === 0) return undefined;
  const items = links.map(([url, text], i) => html`${i > 0 ? ' · ' : ''}<a href="${url}" target="_blank" rel="noopener noreferrer">${text}</a>`);
  return html`<p>${clientDisplayName(client)}: ${items}</p>`;
}
