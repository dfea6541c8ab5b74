import { errors } from 'oidc-provider';

/** Client metadata oidc-kit understands beyond RFC 7591 / OpenID Connect Registration. */
export const EXTRA_CLIENT_METADATA = ['allowed_cors_origins', 'first_party', 'is_active', 'client_type'];

function isOrigin(value: unknown): boolean {
  if (typeof value !== 'string') return false;
  try {
    const url = new URL(value);
    return (url.protocol === 'https:' || url.protocol === 'http:') && url.origin === value;
  } catch {
    return false;
  }
}

/** oidc-provider's `extraClientMetadata.validator`: RFC 7591 errors for bad values. */
export function validateExtraClientMetadata(_ctx: unknown, key: string, value: unknown, metadata: Record<string, unknown>): void {
  switch (key) {
    case 'allowed_cors_origins':
      if (value !== undefined && (!Array.isArray(value) || !value.every(isOrigin))) {
        throw new errors.InvalidClientMetadata('allowed_cors_origins must be an array of origins (scheme://host[:port])');
      }
      break;
    case 'first_party':
    case 'is_active':
      if (value !== undefined && typeof value !== 'boolean') throw new errors.InvalidClientMetadata(`${key} must be a boolean`);
      break;
    case 'client_type':
      if (value === undefined) {
        metadata.client_type = metadata.token_endpoint_auth_method === 'none' ? 'public' : 'confidential';
      } else if (value !== 'public' && value !== 'confidential') {
        throw new errors.InvalidClientMetadata('client_type must be "public" or "confidential"');
      } else if ((value === 'public') !== (metadata.token_endpoint_auth_method === 'none')) {
        throw new errors.InvalidClientMetadata('client_type public goes with token_endpoint_auth_method none, confidential with any other');
      }
      break;
    default:
  }
}
