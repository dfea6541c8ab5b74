import type { Context } from 'koa';
import type Provider from 'oidc-provider';
import type { ProviderClient } from '../grants/grant-context.js';
import { requestBasicCredentials } from '../helpers/basic-credentials.js';

/**
 * The client that HTTP Basic authenticates, with the checks oidc-provider makes: registered for
 * `client_secret_basic` or `client_secret_post`, secret not expired, secret matching (the
 * constant-time comparison of the hashed-secrets view). Undefined for anything else — the caller
 * then leaves the request to oidc-provider, which gives the precise error.
 */
async function authenticateBasicClient(provider: Provider, credentials: { clientId: string; secret: string }): Promise<ProviderClient | undefined> {
  const client = (await provider.Client.find(credentials.clientId)) as ProviderClient | undefined;
  // oidc-provider accepts HTTP Basic from clients registered for either secret method.
  if (!client || (client.clientAuthMethod !== 'client_secret_basic' && client.clientAuthMethod !== 'client_secret_post')) return undefined;
  try {
    (client as unknown as { checkClientSecretExpiration(message: string): void }).checkClientSecretExpiration('expired');
  } catch {
    return undefined;
  }
  return (await client.compareClientSecret(credentials.secret)) ? client : undefined;
}

/**
 * The client of a form that carries only `allowed` parameters and HTTP Basic credentials (a
 * `client_id` parameter, if any, naming the same client), authenticated as above. Undefined for
 * any other form: oidc-provider has rules of its own for the rest.
 */
export async function authenticateFormClient(provider: Provider, ctx: Context, parameters: Record<string, string>, allowed: ReadonlySet<string>): Promise<ProviderClient | undefined> {
  for (const name in parameters) if (!allowed.has(name)) return undefined;
  const credentials = requestBasicCredentials(ctx.req);
  if (!credentials || (parameters.client_id !== undefined && parameters.client_id !== credentials.clientId)) return undefined;
  return authenticateBasicClient(provider, credentials);
}
