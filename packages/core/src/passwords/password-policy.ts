import { ValidationError } from '../errors.js';

/** bcrypt reads at most this many bytes of a password and silently ignores the rest. */
export const BCRYPT_MAX_PASSWORD_BYTES = 72;

/** Rules a new password must meet. */
export interface PasswordPolicy {
  /** Fewest characters (Unicode code points) accepted. Default 8. */
  minLength?: number;
}

/** The password's length in UTF-8 bytes, the unit bcrypt's limit is counted in. */
export function utf8ByteLength(password: string): number {
  return Buffer.byteLength(password, 'utf8');
}

/**
 * Throws `ValidationError` (field `password`) when the password is longer than bcrypt's 72 UTF-8
 * bytes. bcrypt would silently drop the rest, so two passwords sharing their first 72 bytes would
 * both match; we refuse them instead of truncating.
 *
 * @example assertBcryptLength('correct horse battery staple');
 */
export function assertBcryptLength(password: string): void {
  if (utf8ByteLength(password) > BCRYPT_MAX_PASSWORD_BYTES) {
    throw new ValidationError(
      'password',
      `password must be at most ${BCRYPT_MAX_PASSWORD_BYTES} bytes in UTF-8 (bcrypt's limit; fewer characters when using non-ASCII letters)`,
    );
  }
}

/**
 * Checks a new password (registration, reset, admin import) against the policy. Throws
 * `ValidationError` (field `password`) naming the broken rule; the message never contains the password.
 *
 * @example checkPasswordPolicy(input.password, { minLength: 10 });
 */
export function checkPasswordPolicy(password: string, policy: PasswordPolicy = {}): void {
  const minLength = policy.minLength ?? 8;
  if (typeof password !== 'string') {
    throw new ValidationError('password', 'password must be a string');
  }
  // Count code points, not UTF-16 units, so an emoji counts as one character.
  if ([...password].length < minLength) {
    throw new ValidationError('password', `password must be at least ${minLength} characters long`);
  }
  assertBcryptLength(password);
}
