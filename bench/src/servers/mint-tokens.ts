import type Provider from 'oidc-provider';
import { CLIENT_ID } from '../fixtures.js';
import type { MintKind } from './types.js';

/** Scopes of minted tokens: what a refresh or a userinfo call of a signed-in user carries. */
const SCOPES: Record<MintKind, string> = {
  refresh: 'openid offline_access',
  access: 'openid profile email',
};

/**
 * Mints `count` tokens of a user through the provider's own models (a Grant, then a refresh or
 * access token bound to it), exactly as an authorization-code flow would leave them. The same code
 * serves bare oidc-provider and oidc-kit, so both pools are alike.
 */
export async function mintUserTokens(provider: Provider, accountId: string, kind: MintKind, count: number): Promise<string[]> {
  const client = await provider.Client.find(CLIENT_ID);
  if (!client) throw new Error('the bench client is missing');
  const scope = SCOPES[kind];
  const tokens: string[] = [];
  const mintOne = async (): Promise<string> => {
    const grant = new provider.Grant({ accountId, clientId: CLIENT_ID });
    grant.addOIDCScope(scope);
    const grantId = await grant.save();
    const common = { accountId, client, grantId, gty: 'authorization_code', scope };
    if (kind === 'refresh') {
      return new provider.RefreshToken({ ...common, rotations: 0, authTime: Math.floor(Date.now() / 1000) } as never).save();
    }
    return new provider.AccessToken(common as never).save();
  };
  // In batches: a Redis-backed provider gets many writes in flight, never all at once.
  for (let done = 0; done < count; done += 250) {
    tokens.push(...(await Promise.all(Array.from({ length: Math.min(250, count - done) }, mintOne))));
  }
  return tokens;
}
