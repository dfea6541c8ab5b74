import { bodyParser } from '@koa/bodyparser';
import { Router } from '@koa/router';
import type { Context } from 'koa';
import { errors, type default as Provider, type InteractionResults } from 'oidc-provider';
import type { UserAuthenticator } from '../authentication/user-authenticator.js';
import type { CsrfTokens } from '../helpers/csrf-token.js';
import { OidcKitError } from '../errors.js';
import type { AccountRecord, AccountStore } from '../stores/account-store.js';
import type { SelfRegistration } from './admin/self-registration.js';
import { atPublicOrigin } from '../helpers/public-url.js';
import { sendPage } from '../middleware/page-headers.js';
import type { ViewClient, Views } from '../views/index.js';

/** An interaction as oidc-provider loads it for the request. */
type Interaction = Awaited<ReturnType<Provider['interactionDetails']>>;

export interface InteractionRouterOptions {
  provider: Provider;
  /** Path of the interaction pages inside the issuer (e.g. `/interaction`). */
  basePath: string;
  /** Absolute URL of `basePath` (issuer + basePath), used in form actions. */
  baseUrl: string;
  views: Required<Views>;
  csrf: CsrfTokens;
  authenticator: UserAuthenticator;
  accounts: AccountStore;
  /** Self-registration, when enabled: the sign-in page links to a sign-up page that uses it. */
  signUp?: SelfRegistration;
}

const WRONG_CREDENTIALS = 'Wrong username or password.';

/**
 * The login and consent steps oidc-provider hands over to (`interactions.url`): one page per
 * prompt, forms that post back here, and the step's result saved on the interaction to resume
 * the authorization.
 */
export function createInteractionRouter(options: InteractionRouterOptions): Router {
  const { provider, views, csrf, authenticator, accounts, baseUrl, signUp } = options;
  const router = new Router({ prefix: options.basePath });
  const form = bodyParser({ enableTypes: ['form'], formLimit: '16kb', encoding: 'utf-8' });

  async function viewClient(clientId: unknown): Promise<ViewClient> {
    const client = typeof clientId === 'string' ? await provider.Client.find(clientId) : undefined;
    return {
      clientId: String(clientId ?? ''),
      ...(client?.clientName ? { clientName: client.clientName } : {}),
      ...(client?.logoUri ? { logoUri: client.logoUri } : {}),
      ...(client?.policyUri ? { policyUri: client.policyUri } : {}),
      ...(client?.tosUri ? { tosUri: client.tosUri } : {}),
    };
  }

  async function renderLogin(ctx: Context, uid: string, params: Record<string, unknown>, status: number, extra: { error?: string; retryAfterSeconds?: number; loginHint?: string } = {}) {
    const client = await viewClient(params.client_id);
    const loginHint = extra.loginHint ?? (typeof params.login_hint === 'string' ? params.login_hint : undefined);
    sendPage(ctx, status, (nonce) => views.login({
      nonce,
      uid,
      action: `${atPublicOrigin(ctx, baseUrl)}/${uid}/login`,
      cancelAction: `${atPublicOrigin(ctx, baseUrl)}/${uid}/abort`,
      csrfToken: csrf.issue(uid),
      client,
      ...(signUp ? { signupUrl: `${atPublicOrigin(ctx, baseUrl)}/${uid}/signup` } : {}),
      ...(loginHint !== undefined ? { loginHint } : {}),
      ...(extra.error !== undefined ? { error: extra.error } : {}),
      ...(extra.retryAfterSeconds !== undefined ? { retryAfterSeconds: extra.retryAfterSeconds } : {}),
    }));
  }

  /**
   * Records the step's result on the interaction this request loaded and sends the browser back to
   * the authorization, as `provider.interactionResult` would, without reading the interaction from
   * storage a second time.
   */
  async function finish(ctx: Context, interaction: Interaction, result: InteractionResults, merge: boolean) {
    interaction.result = merge && !('error' in result) ? { ...interaction.lastSubmission, ...result } : result;
    await interaction.save(interaction.exp - Math.floor(Date.now() / 1000));
    const redirectTo = interaction.returnTo;
    ctx.set({ 'Cache-Control': 'no-store', 'Referrer-Policy': 'no-referrer' });
    ctx.status = 303;
    ctx.redirect(redirectTo);
    ctx.status = 303;
  }

  /**
   * The pages' forms carry a CSRF token, checked when present. A post without one is accepted only
   * when nothing marks it as cross-site: browsers send `Origin` (and `Sec-Fetch-Site`) with every
   * cross-origin POST, so a forged form is refused either way, while scripted clients that post
   * just `username` and `password` keep working.
   */
  function checkCsrf(ctx: Context, uid: string) {
    const body = ctx.request.body as Record<string, unknown> | undefined;
    // Built only when refusing: an error captures a stack trace, too costly for every accepted form.
    const refused = () => new errors.InvalidRequest('the form has expired or was not sent by this site; go back and try again');
    if (body?.csrf !== undefined) {
      if (!csrf.verify(uid, body.csrf)) throw refused();
      return;
    }
    const origin = ctx.get('origin');
    const site = ctx.get('sec-fetch-site');
    if ((origin && origin !== ctx.state.publicOrigin) || (site && site !== 'same-origin' && site !== 'none')) throw refused();
  }

  // A person reads these pages: errors (an expired sign-in link, a stale form) become a page.
  router.use(async (ctx, next) => {
    try {
      await next();
    } catch (error) {
      if (!(error instanceof errors.OIDCProviderError) || ctx.accepts('json', 'html') !== 'html') throw error;
      const expired = error instanceof errors.SessionNotFound;
      sendPage(ctx as unknown as Context, error.statusCode ?? 400, (nonce) => views.error({
        nonce,
        status: error.statusCode ?? 400,
        title: expired ? 'This sign-in link has expired' : 'This request cannot be completed',
        error: error.error,
        description: expired ? 'Go back to the application and start signing in again.' : (error.error_description ?? ''),
      }));
    }
  });

  router.get('/:uid', async (ctx) => {
    const details = await provider.interactionDetails(ctx.req, ctx.res);
    const { uid, prompt, params } = details;
    if (prompt.name === 'login') {
      await renderLogin(ctx, uid, params, 200);
      return;
    }
    const missing = prompt.details as {
      missingOIDCScope?: string[];
      missingOIDCClaims?: string[];
      missingResourceScopes?: Record<string, string[]>;
    };
    const scopes = new Set(missing.missingOIDCScope ?? []);
    for (const resourceScopes of Object.values(missing.missingResourceScopes ?? {})) resourceScopes.forEach((s) => scopes.add(s));
    const [client, account] = await Promise.all([
      viewClient(params.client_id),
      details.session?.accountId ? accounts.findById(details.session.accountId) : undefined,
    ]);
    sendPage(ctx, 200, (nonce) => views.consent({
      nonce,
      uid,
      action: `${atPublicOrigin(ctx, baseUrl)}/${uid}/confirm`,
      denyAction: `${atPublicOrigin(ctx, baseUrl)}/${uid}/abort`,
      csrfToken: csrf.issue(uid),
      client,
      scopes: [...scopes],
      claims: missing.missingOIDCClaims ?? [],
      ...(account ? { accountName: account.email ?? account.username } : {}),
    }));
  });

  router.post('/:uid/login', form, async (ctx) => {
    const details = await provider.interactionDetails(ctx.req, ctx.res);
    const { uid, prompt, params } = details;
    if (prompt.name !== 'login') throw new errors.InvalidRequest('this step does not expect a sign-in');
    checkCsrf(ctx, uid);
    const body = ctx.request.body as Record<string, unknown>;
    const username = typeof body.username === 'string' ? body.username.trim() : '';
    const password = typeof body.password === 'string' ? body.password : '';
    if (!username || !password) {
      await renderLogin(ctx, uid, params, 400, { error: 'Enter your username or e-mail and your password.', loginHint: username });
      return;
    }
    const result = await authenticator.authenticate(username, password, ctx.ip);
    if (!result.ok) {
      if (result.reason === 'throttled') {
        ctx.set('Retry-After', String(result.retryAfterSeconds));
        await renderLogin(ctx, uid, params, 429, { error: 'Too many failed sign-in attempts.', retryAfterSeconds: result.retryAfterSeconds, loginHint: username });
      } else {
        await renderLogin(ctx, uid, params, 401, { error: WRONG_CREDENTIALS, loginHint: username });
      }
      return;
    }
    await finish(ctx, details, { login: { accountId: result.account.id, amr: ['pwd'], remember: true } }, false);
  });

  if (signUp) {
    const renderSignup = (ctx: Context, uid: string, status: number, extra: { error?: string; values?: { username?: string; email?: string } } = {}) => {
      sendPage(ctx, status, (nonce) => views.signup({
        nonce,
        action: `${atPublicOrigin(ctx, baseUrl)}/${uid}/signup`,
        csrfToken: csrf.issue(uid),
        loginUrl: `${atPublicOrigin(ctx, baseUrl)}/${uid}`,
        ...extra,
      }));
    };

    router.get('/:uid/signup', async (ctx) => {
      const { uid, prompt } = await provider.interactionDetails(ctx.req, ctx.res);
      if (prompt.name !== 'login') throw new errors.InvalidRequest('this step does not expect a sign-up');
      renderSignup(ctx, uid, 200);
    });

    // A new account is signed in at once, as after the sign-in form; what is refused (a taken
    // name, the password policy, too many sign-ups from one address) is said on the page again.
    router.post('/:uid/signup', form, async (ctx) => {
      const details = await provider.interactionDetails(ctx.req, ctx.res);
      const { uid, prompt } = details;
      if (prompt.name !== 'login') throw new errors.InvalidRequest('this step does not expect a sign-up');
      checkCsrf(ctx, uid);
      const body = ctx.request.body as Record<string, unknown>;
      const username = typeof body.username === 'string' ? body.username.trim() : '';
      const email = typeof body.email === 'string' ? body.email.trim() : '';
      const values = { username, email };
      let account: AccountRecord;
      try {
        account = await signUp({ username, password: body.password, ...(email ? { email } : {}) }, ctx.ip);
      } catch (error) {
        if (error instanceof OidcKitError && error.code === 'ERR_CONFLICT') {
          const field = (error as { field?: string }).field === 'email' ? 'e-mail address' : 'username';
          renderSignup(ctx, uid, 409, { error: `An account with this ${field} already exists.`, values });
          return;
        }
        // The password policy (a ValidationError naming the rule).
        if (error instanceof OidcKitError && error.code === 'ERR_VALIDATION') {
          renderSignup(ctx, uid, 400, { error: capitalised(error.message), values });
          return;
        }
        if (!(error instanceof errors.OIDCProviderError)) throw error;
        const retryAfter = (error as { retryAfterSeconds?: number }).retryAfterSeconds;
        if (retryAfter !== undefined) ctx.set('Retry-After', String(retryAfter));
        renderSignup(ctx, uid, error.statusCode ?? 400, { error: retryAfter !== undefined ? 'Too many accounts were created from this network. Try again later.' : capitalised(error.error_description ?? 'The account could not be created.'), values });
        return;
      }
      await finish(ctx, details, { login: { accountId: account.id, amr: ['pwd'], remember: true } }, false);
    });
  }

  router.post('/:uid/confirm', form, async (ctx) => {
    const details = await provider.interactionDetails(ctx.req, ctx.res);
    const { uid, prompt, params, session } = details;
    if (prompt.name !== 'consent' || !session) throw new errors.InvalidRequest('this step does not expect a consent');
    checkCsrf(ctx, uid);
    const grant = details.grantId
      ? await provider.Grant.find(details.grantId)
      : new provider.Grant({ accountId: session.accountId, clientId: String(params.client_id) });
    if (!grant) throw new errors.InvalidRequest('the authorization to extend no longer exists; start again');
    const missing = prompt.details as {
      missingOIDCScope?: string[];
      missingOIDCClaims?: string[];
      missingResourceScopes?: Record<string, string[]>;
    };
    if (missing.missingOIDCScope) grant.addOIDCScope(missing.missingOIDCScope.join(' '));
    if (missing.missingOIDCClaims) grant.addOIDCClaims(missing.missingOIDCClaims);
    for (const [indicator, scopes] of Object.entries(missing.missingResourceScopes ?? {})) {
      grant.addResourceScope(indicator, scopes.join(' '));
    }
    const grantId = await grant.save();
    await finish(ctx, details, { consent: { grantId } }, true);
  });

  router.post('/:uid/abort', form, async (ctx) => {
    const details = await provider.interactionDetails(ctx.req, ctx.res);
    checkCsrf(ctx, details.uid);
    await finish(ctx, details, { error: 'access_denied', error_description: 'End-User aborted interaction' }, false);
  });

  return router;
}

/** An error description as a sentence on a page. */
function capitalised(text: string): string {
  const sentence = text.charAt(0).toUpperCase() + text.slice(1);
  return /[.!?]$/.test(sentence) ? sentence : `${sentence}.`;
}
