/**
 * What every view receives. Pages are served under a strict Content-Security-Policy: the only
 * stylesheet is a `<style nonce="…">` element and there are no scripts, so the response's CSP must
 * carry `style-src 'nonce-<nonce>'` with this same per-response value.
 */
export interface BaseViewContext {
  /** Per-response CSP nonce (base64, fresh for every response). */
  nonce: string;
}

/** The relying party a page is about, from its registered metadata. All values are untrusted. */
export interface ViewClient {
  clientId: string;
  clientName?: string;
  /** Rendered only when it is an absolute http(s) URL. */
  logoUri?: string;
  /** Rendered only when it is an absolute http(s) URL. */
  policyUri?: string;
  /** Rendered only when it is an absolute http(s) URL. */
  tosUri?: string;
}

/** The sign-in page (`prompt=login`). The form posts `username`, `password` and `csrf`. */
export interface LoginViewContext extends BaseViewContext {
  /** Where the form posts (same-origin path or http(s) URL). */
  action: string;
  csrfToken: string;
  client: ViewClient;
  /** Prefills the username field (from `login_hint`, or what the user typed before an error). */
  loginHint?: string;
  /** One message shown above the form, e.g. "Wrong username or password." */
  error?: string;
  /** Set when sign-in is throttled: the page says when to try again. */
  retryAfterSeconds?: number;
  /** Link to the self-registration page, when that feature is on. */
  signupUrl?: string;
  /** The interaction id; not rendered by the default view, available to custom ones. */
  uid: string;
  /** When set, a "Cancel" button posts `csrf` here (to abort the interaction with `access_denied`). */
  cancelAction?: string;
}

/** The consent page (`prompt=consent`). Allow posts `csrf` to `action`, Deny posts `csrf` to `denyAction`. */
export interface ConsentViewContext extends BaseViewContext {
  action: string;
  csrfToken: string;
  client: ViewClient;
  /** Requested scopes that still need consent, e.g. `['openid', 'profile', 'api']`. */
  scopes: string[];
  /** Individually requested claims that still need consent, e.g. `['email', 'name']`. */
  claims?: string[];
  denyAction: string;
  uid: string;
  /** Who is signed in ("Signed in as …"). */
  accountName?: string;
}

/**
 * The RP-initiated logout confirmation (oidc-provider's `logoutSource`). "Sign out" posts the hidden
 * fields, `xsrf` and `logout=yes`; "Stay signed in" posts the same without `logout`.
 */
export interface LogoutConfirmViewContext extends BaseViewContext {
  action: string;
  /** oidc-provider's end-session `xsrf` secret, posted as the `xsrf` field. */
  xsrf: string;
  clientName?: string;
  /** Extra hidden fields to post. `xsrf` and `logout` keys are ignored (they are set by the view). */
  hiddenFields?: Record<string, string>;
}

/** After a logout without a redirect (oidc-provider's `postLogoutSuccessSource`). */
export interface LogoutSuccessViewContext extends BaseViewContext {
  clientName?: string;
}

/** A friendly error page. Never pass a stack trace: the view also cuts one off if it finds it. */
export interface ErrorViewContext extends BaseViewContext {
  /** Short human headline, e.g. "This sign-in link has expired". */
  title: string;
  /** The error code, e.g. `invalid_request`. */
  error: string;
  /** One or two sentences for the user. */
  description?: string;
  /** The HTTP status the page is served with. */
  status: number;
  /** Where "Go back" leads (same-origin path or http(s) URL). */
  backUrl?: string;
}

/** The optional self-registration page. The form posts `username`, `email`, `password` and `csrf`. */
export interface SignupViewContext extends BaseViewContext {
  action: string;
  csrfToken: string;
  error?: string;
  /** Values to keep after a failed attempt (never the password). */
  values?: { username?: string; email?: string };
  /** Link back to sign-in, when known. */
  loginUrl?: string;
}

/**
 * The pages oidc-kit renders. Pass any subset to replace them; the defaults fill the rest
 * (see `resolveViews`). Each returns a complete HTML document; everything interpolated must be
 * escaped (`escapeHtml`), and the page must not need inline scripts or `style` attributes.
 */
export interface Views {
  login(ctx: LoginViewContext): string;
  consent(ctx: ConsentViewContext): string;
  logoutConfirm(ctx: LogoutConfirmViewContext): string;
  logoutSuccess(ctx: LogoutSuccessViewContext): string;
  error(ctx: ErrorViewContext): string;
  signup(ctx: SignupViewContext): string;
}

/** The names of the views, e.g. for validating overrides. */
export type ViewName = keyof Views;
