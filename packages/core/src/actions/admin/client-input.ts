import { errors } from 'oidc-provider';
import { SERVER_MANAGED_MEMBERS } from '../../clients/client-registry.js';
import { deriveResponseTypes } from '../../clients/client-rules.js';

/**
 * Turns an admin API request body into oidc-provider client metadata. Besides RFC 7591 / OpenID
 * Connect Registration metadata (snake_case, passed through), it understands:
 * - `scopes` (a space-separated string, or an array) as an alias of `scope`;
 * - `client_type`: `public` means `token_endpoint_auth_method: none`, `confidential` (default)
 *   one of the secret or key methods (default `client_secret_basic`);
 * - `grant_types` without `response_types`: `["code"]` when authorization_code is among them,
 *   `[]` otherwise; no redirect URIs for a client without response types.
 * Server-issued members (`client_secret`, `client_id_issued_at`, …) are refused: secrets are
 * issued by the server and rotated with `POST …/secret`.
 */
export function clientMetadataFromBody(body: Record<string, unknown>, existing?: Record<string, unknown>): Record<string, unknown> {
  for (const member of SERVER_MANAGED_MEMBERS) {
    if (body[member] !== undefined) {
      throw new errors.InvalidRequest(member === 'client_secret'
        ? 'client_secret is issued by the server; rotate it with POST /admin/clients/{client_id}/secret'
        : `${member} is managed by the server`);
    }
  }
  const metadata: Record<string, unknown> = { ...existing };
  for (const [key, value] of Object.entries(body)) {
    if (key === 'scopes') continue;
    // In a PATCH, null removes a member.
    if (value === null) delete metadata[key];
    else metadata[key] = value;
  }

  if (body.scopes !== undefined && body.scopes !== null) {
    const scopes = body.scopes;
    const scope = Array.isArray(scopes) && scopes.every((s) => typeof s === 'string') ? scopes.join(' ') : scopes;
    if (typeof scope !== 'string') throw new errors.InvalidClientMetadata('scopes must be a space-separated string (or an array of scope names)');
    if (typeof body.scope === 'string' && body.scope !== scope) throw new errors.InvalidClientMetadata('scope and scopes disagree; send one of them');
    metadata.scope = scope;
  }
  if (body.scopes === null) delete metadata.scope;
  if (typeof metadata.scope === 'string') metadata.scope = metadata.scope.split(' ').filter(Boolean).join(' ');
  if (metadata.scope === '') delete metadata.scope;

  const type = body.client_type;
  if (type !== undefined && type !== null && type !== 'public' && type !== 'confidential') {
    throw new errors.InvalidClientMetadata('client_type must be "public" or "confidential"');
  }
  if (body.client_type !== undefined && body.token_endpoint_auth_method === undefined) {
    if (type === 'public') metadata.token_endpoint_auth_method = 'none';
    else if (metadata.token_endpoint_auth_method === 'none' || metadata.token_endpoint_auth_method === undefined) metadata.token_endpoint_auth_method = 'client_secret_basic';
  }
  if (body.token_endpoint_auth_method !== undefined && body.client_type === undefined) {
    // client_type follows the method (oidc-kit's metadata validator derives it when absent).
    delete metadata.client_type;
  }

  if (body.grant_types !== undefined && body.response_types === undefined) metadata.response_types = deriveResponseTypes(metadata.grant_types);
  if (Array.isArray(metadata.response_types) && metadata.response_types.length === 0 && metadata.redirect_uris === undefined) metadata.redirect_uris = [];
  return metadata;
}
