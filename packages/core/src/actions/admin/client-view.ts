import { SECRET_HASHES } from '../../clients/hashed-client-secrets.js';
import type { ClientMetadata } from '../../stores/client-store.js';

/** A client as the admin API shows it. */
export type ClientView = Record<string, unknown> & {
  client_id: string;
  client_type: 'public' | 'confidential';
  is_active: boolean;
  scopes: string;
};

/**
 * The admin API's view of a stored client: its metadata without any secret or secret hash, plus
 * seed-compatible members: `client_type`, `is_active` (default true) and `scopes` (= `scope`).
 */
export function clientView(metadata: ClientMetadata): ClientView {
  const { client_secret: _secret, [SECRET_HASHES]: _hashes, ...rest } = metadata;
  const clientType = rest.client_type === 'public' || rest.token_endpoint_auth_method === 'none' ? 'public' : 'confidential';
  return {
    ...rest,
    client_id: metadata.client_id,
    client_type: clientType,
    is_active: rest.is_active !== false,
    scopes: typeof rest.scope === 'string' ? rest.scope : '',
  };
}
