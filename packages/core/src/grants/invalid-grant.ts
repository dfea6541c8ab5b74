import { errors } from 'oidc-provider';

/**
 * `invalid_grant` (RFC 6749 §5.2) whose `error_description` names the failed check. oidc-provider's
 * own constructor takes only a hidden detail and always says "grant request is invalid"; the
 * assertion grants (RFC 7521 §5.2) should tell the client which check failed.
 *
 * @example throw invalidGrant('assertion audience is invalid');
 */
export function invalidGrant(description: string, options?: { cause?: unknown }): InstanceType<typeof errors.InvalidGrant> {
  const error = new errors.InvalidGrant({ detail: description, ...options });
  error.error_description = description;
  return error;
}
