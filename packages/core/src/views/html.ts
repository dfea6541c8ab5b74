import { escapeHtml } from './escape-html.js';

/**
 * A fragment of markup that is already safe. Only the {@link html} tag makes these, so a plain
 * string can never reach a page unescaped by mistake.
 */
export class SafeHtml {
  readonly #value: string;

  constructor(value: string) {
    this.#value = value;
  }

  toString(): string {
    return this.#value;
  }
}

/** What may be interpolated: text (escaped), safe fragments (kept), lists of either, or nothing. */
export type HtmlValue = SafeHtml | string | number | boolean | null | undefined | readonly HtmlValue[];

function render(value: HtmlValue): string {
  if (value instanceof SafeHtml) return value.toString();
  if (Array.isArray(value)) return value.map(render).join('');
  // `false`, `null` and `undefined` render as nothing, so `${cond && html`…`}` reads naturally.
  if (value === false || value === null || value === undefined) return '';
  return escapeHtml(value);
}

/**
 * Template tag for markup: every interpolated value is HTML-escaped unless it is itself the
 * result of `html`. Attribute values must be written inside double quotes.
 *
 * @example
 * html`<p title="${name}">${name}</p>` // name is escaped in both places
 */
export function html(strings: TemplateStringsArray, ...values: HtmlValue[]): SafeHtml {
  let out = strings[0] ?? '';
  values.forEach((value, i) => {
    out += render(value) + (strings[i + 1] ?? '');
  });
  return new SafeHtml(out);
}

/**
 * Marks a trusted constant (the built-in stylesheet) as safe. Never pass request or client data.
 */
export function trustedHtml(value: string): SafeHtml {
  return new SafeHtml(value);
}
