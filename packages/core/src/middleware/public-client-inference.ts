import { parse as parseQuery, stringify as stringifyQuery } from 'node:querystring';
import type { Context, Next } from 'koa';
import type Provider from 'oidc-provider';
import { CREDENTIAL_PARAMETERS } from '../helpers/claimed-client-id.js';
import { giveBackBody, takeBody } from '../helpers/peek-body.js';
import { PROVIDER_BODY_LIMIT } from '../helpers/request-limits.js';
import { loadFormParameters } from './form-parameters.js';

type Parameters = Record<string, string | string[] | undefined>;

/**
 * A public client's code exchange or refresh without `client_id`, as some services oidc-kit
 * replaces documented it (RFC 6749 §4.1.3 asks for `client_id` when the client does not
 * authenticate). The client is the one the code or refresh token was issued to, when that client
 * is public (`token_endpoint_auth_method: none`): its `client_id` is added and oidc-provider checks
 * the request as usual — PKCE, redirect URI, rotation. For any other client, or when the token is
 * unknown, the request goes on unchanged and is refused as before (401 `invalid_client`).
 */
export function inferPublicClient(provider: Provider, tokenPath: string) {
  // Not async: every other request passes without a promise of its own.
  return function inferPublicClientId(ctx: Context, next: Next) {
    if (ctx.method !== 'POST' || ctx.path !== tokenPath || ctx.req.headers.authorization !== undefined) return next();
    return addClientId(ctx, next);
  };

  async function addClientId(ctx: Context, next: Next): Promise<void> {
    // The form as the edge read it (once); the body is only rewritten when a client is inferred.
    const parameters = await loadFormParameters(ctx);
    if (!parameters || parameters.client_id !== undefined || CREDENTIAL_PARAMETERS.some((name) => parameters[name] !== undefined)) return next();
    const clientId = await publicClientOf(parameters);
    if (clientId === undefined) return next();
    const body = parseQuery((await takeBody(ctx.req, PROVIDER_BODY_LIMIT)).toString('utf8'));
    body.client_id = clientId;
    // oidc-provider parses the completed body from the stream itself.
    if (!giveBackBody(ctx.req, Buffer.from(stringifyQuery(body)))) (ctx.request as unknown as { body: unknown }).body = body;
    return next();
  }

  async function publicClientOf(parameters: Parameters): Promise<string | undefined> {
    const { grant_type: grantType, code, refresh_token: refreshToken } = parameters;
    let token: { clientId?: string } | undefined;
    if (grantType === 'authorization_code' && typeof code === 'string') token = await provider.AuthorizationCode.find(code);
    else if (grantType === 'refresh_token' && typeof refreshToken === 'string') token = await provider.RefreshToken.find(refreshToken);
    if (token?.clientId === undefined) return undefined;
    const client = await provider.Client.find(token.clientId);
    return client?.clientAuthMethod === 'none' ? client.clientId : undefined;
  }
}
