import type Provider from 'oidc-provider';
import type { ProviderClient } from '../grants/grant-context.js';

/**
 * The client that HTTP Basic authenticates, with the checks oidc-provider makes: registered for
 * `client_secret_basic` or `client_secret_post`, secret not expired, secret matching (the
 * constant-time comparison of the hashed-secrets view). Undefined for anything else — the caller
 * then leaves the request to oidc-provider, which gives the precise error.
 */
export async function authenticateBasicClient(provider: Provider, credentials: { clientId: string; secret: string }): Promise<ProviderClient | undefined> {
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
