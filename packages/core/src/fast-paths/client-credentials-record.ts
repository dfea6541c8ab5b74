import { randomFillSync } from 'node:crypto';
import type Provider from 'oidc-provider';
import { clientCredentialsResponse, type ClientCredentialsResponse } from '../grants/client-credentials.js';
import type { GrantContext, ProviderClient } from '../grants/grant-context.js';

interface RecordAdapter {
  upsert(id: string, payload: Record<string, unknown>, expiresIn: number): Promise<unknown>;
}

interface ClientCredentialsModel {
  adapter: RecordAdapter;
  expiresIn(): number | undefined;
}

// Token ids are 256 random bits, 43 base64url characters: the length and alphabet of
// oidc-provider's own opaque ids. Drawn from a pool refilled every 128 tokens, as its nanoid does.
const ID_BYTES = 32;
const POOL_BYTES = ID_BYTES * 128;
const pool = Buffer.allocUnsafe(POOL_BYTES);
let offset = POOL_BYTES;

function opaqueTokenId(): string {
  if (offset === POOL_BYTES) {
    randomFillSync(pool);
    offset = 0;
  }
  const id = pool.toString('base64url', offset, offset + ID_BYTES);
  offset += ID_BYTES;
  return id;
}

/** Issues the access token of a client_credentials request; undefined when only oidc-provider's model may. */
export type ClientCredentialsRecords = (client: ProviderClient, scopes: readonly string[]) => Promise<ClientCredentialsResponse> | undefined;

/**
 * Opaque client_credentials tokens stored as the very record oidc-provider's ClientCredentials
 * model saves (models/formats/opaque.js: `iat`, `exp`, then `scope`, `kind`, `jti`, `clientId`),
 * written straight to the model's adapter. The model's `save` costs about a tenth of a whole
 * token request (a chain of awaits, picking the payload member by member, snake-casing the event
 * name) for the same record; introspection, revocation and every other reader find the token
 * as usual. For the provider oidc-kit configures only: opaque tokens (no resource indicator), a
 * fixed TTL and no `extraTokenClaims`. While anyone listens for `client_credentials.saved`,
 * which only the model emits, it declines and the model issues the token.
 */
export function clientCredentialsRecords(provider: Provider, grant: GrantContext): ClientCredentialsRecords {
  const model = provider.ClientCredentials as unknown as ClientCredentialsModel;
  const ttl = model.expiresIn();
  // JWT access tokens (a resource server) are signed by the model.
  if (grant.resource || !(typeof ttl === 'number' && ttl > 0)) return () => undefined;
  const { adapter } = model;

  return (client, scopes) => {
    if (provider.listenerCount('client_credentials.saved') > 0) return undefined;
    const iat = Math.floor(Date.now() / 1000);
    const scope = scopes.join(' ');
    const jti = opaqueTokenId();
    const record = { iat, exp: iat + ttl, ...(scope ? { scope } : {}), kind: 'ClientCredentials', jti, clientId: client.clientId };
    return adapter.upsert(jti, record, ttl).then(() => clientCredentialsResponse(jti, ttl, scope));
  };
}
