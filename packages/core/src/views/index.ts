export type {
  BaseViewContext,
  ConsentViewContext,
  ErrorViewContext,
  LoginViewContext,
  LogoutConfirmViewContext,
  LogoutSuccessViewContext,
  SignupViewContext,
  ViewClient,
  ViewName,
  Views,
} from './types.js';
export { defaultViews, resolveViews } from './default-views.js';
export { escapeHtml, safeActionUrl, safeHttpUrl } from './escape-html.js';
export { html, trustedHtml, SafeHtml, type HtmlValue } from './html.js';
export { renderLayout, STYLESHEET, type LayoutOptions } from './layout.js';
export { claimDescriptions, describeClaim, describeScope, scopeDescriptions } from './scope-descriptions.js';
export { loginView, retryAfterText } from './login-view.js';
export { consentView } from './consent-view.js';
export { logoutConfirmView, logoutSuccessView } from './logout-views.js';
export { errorView } from './error-view.js';
export { signupView } from './signup-view.js';
