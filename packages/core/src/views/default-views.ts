import { ConfigurationError } from '../errors.js';
import { consentView } from './consent-view.js';
import { errorView } from './error-view.js';
import { loginView } from './login-view.js';
import { logoutConfirmView, logoutSuccessView } from './logout-views.js';
import { signupView } from './signup-view.js';
import type { ViewName, Views } from './types.js';

/** The built-in pages. */
export const defaultViews: Required<Views> = Object.freeze({
  login: loginView,
  consent: consentView,
  logoutConfirm: logoutConfirmView,
  logoutSuccess: logoutSuccessView,
  error: errorView,
  signup: signupView,
});

const VIEW_NAMES = Object.keys(defaultViews) as ViewName[];

/**
 * Fills the views a user did not replace with the defaults. An unknown name (a typo such as
 * `logn`) or a value that is not a function throws a `ConfigurationError` naming it, at start-up.
 *
 * @example
 * const views = resolveViews({ login: (ctx) => myLoginPage(ctx) });
 * views.consent === defaultViews.consent // true
 */
export function resolveViews(overrides?: Partial<Views>): Required<Views> {
  if (overrides === undefined || overrides === null) return defaultViews;
  if (typeof overrides !== 'object') {
    throw new ConfigurationError('interactions.views', 'must be an object of view functions');
  }
  for (const [key, value] of Object.entries(overrides)) {
    if (!VIEW_NAMES.includes(key as ViewName)) {
      throw new ConfigurationError(`interactions.views.${key}`, `is not a view (expected one of ${VIEW_NAMES.join(', ')})`);
    }
    if (value !== undefined && typeof value !== 'function') {
      throw new ConfigurationError(`interactions.views.${key}`, 'must be a function returning an HTML string');
    }
  }
  const resolved = { ...defaultViews };
  for (const name of VIEW_NAMES) {
    const view = overrides[name];
    // A key explicitly set to undefined keeps the default rather than erasing it.
    if (view !== undefined) (resolved as Record<ViewName, unknown>)[name] = view;
  }
  return Object.freeze(resolved);
}
