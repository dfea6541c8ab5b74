import { errors } from 'oidc-provider';
import type { AccountPatch } from '../../stores/account-store.js';

const CONTROL = /[\u0000-\u001f\u007f]/;
const EMAIL = /^[^\s@]+@[^\s@]+$/;
const ROLE = /^[\w.:-]{1,64}$/;
/** Claims that come from the account's own fields (or from the protocol) and cannot be set as extras. */
const RESERVED_CLAIMS = new Set(['sub', 'iss', 'aud', 'exp', 'iat', 'nbf', 'jti', 'auth_time', 'nonce', 'acr', 'amr', 'azp', 'sid', 'email', 'email_verified', 'role', 'preferred_username', 'updated_at']);

const bad = (description: string) => new errors.InvalidRequest(description);

/** A username: 1–128 characters, no spaces, control characters or `@` (an e-mail could shadow another user's login). */
export function parseUsername(value: unknown): string {
  if (typeof value !== 'string') throw bad('username is required (a string)');
  if (value.length < 1 || value.length > 128 || /\s/.test(value) || CONTROL.test(value) || value.includes('@')) {
    throw bad('username must be 1 to 128 characters without spaces or "@"');
  }
  return value;
}

export function parseEmail(value: unknown): string {
  if (typeof value !== 'string' || value.length > 254 || !EMAIL.test(value) || CONTROL.test(value)) throw bad('email must be an e-mail address');
  return value;
}

/** `roles` (array) and/or `role` (one name), merged; undefined when neither was sent. */
export function parseRoles(body: Record<string, unknown>): string[] | undefined {
  const { role, roles } = body;
  if (role === undefined && roles === undefined) return undefined;
  const all: string[] = [];
  if (role !== undefined) {
    if (typeof role !== 'string' || !ROLE.test(role)) throw bad('role must be a role name (1 to 64 letters, digits or ._:-)');
    all.push(role);
  }
  if (roles !== undefined) {
    if (!Array.isArray(roles) || roles.length > 32 || !roles.every((r) => typeof r === 'string' && ROLE.test(r))) {
      throw bad('roles must be an array of at most 32 role names (letters, digits or ._:-)');
    }
    all.push(...(roles as string[]));
  }
  return [...new Set(all)];
}

function parseClaims(value: unknown): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw bad('claims must be an object of OpenID claims');
  const keys = Object.keys(value);
  if (keys.length > 64) throw bad('claims may hold at most 64 members');
  const reserved = keys.find((k) => RESERVED_CLAIMS.has(k));
  if (reserved) throw bad(`claims must not contain "${reserved}" (it comes from the user's own fields)`);
  return value as Record<string, unknown>;
}

function parseBoolean(name: string, value: unknown): boolean {
  if (typeof value !== 'boolean') throw bad(`${name} must be true or false`);
  return value;
}

function checkFields(body: Record<string, unknown>, allowed: string[]): void {
  const unknown = Object.keys(body).find((k) => !allowed.includes(k));
  if (unknown) throw bad(`unknown field "${unknown}" (allowed: ${allowed.join(', ')})`);
}

const UPDATABLE = ['username', 'email', 'role', 'roles', 'claims', 'disabled', 'emailVerified', 'email_verified'];

/** The fields of `PATCH /admin/users/:id`. A password is set with `PUT …/password`. */
export function parseUserPatch(body: Record<string, unknown>): AccountPatch {
  if (body.password !== undefined) throw bad('set a password with PUT /admin/users/{id}/password');
  checkFields(body, UPDATABLE);
  const patch: AccountPatch = {};
  if (body.username !== undefined) patch.username = parseUsername(body.username);
  if (body.email !== undefined) patch.email = parseEmail(body.email);
  const roles = parseRoles(body);
  if (roles !== undefined) patch.roles = roles;
  if (body.claims !== undefined) patch.claims = parseClaims(body.claims);
  if (body.disabled !== undefined) patch.disabled = parseBoolean('disabled', body.disabled);
  const verified = body.emailVerified ?? body.email_verified;
  if (verified !== undefined) patch.emailVerified = parseBoolean('emailVerified', verified);
  return patch;
}

/** The fields of `POST /admin/users`: `username` (required), `email`, `password`, `role`/`roles`, …. */
export function parseNewUser(body: Record<string, unknown>): AccountPatch & { username: string; password?: string } {
  checkFields(body, [...UPDATABLE, 'password']);
  const { password, ...rest } = body;
  if (password !== undefined && typeof password !== 'string') throw bad('password must be a string');
  return { ...parseUserPatch(rest), username: parseUsername(body.username), ...(password !== undefined ? { password } : {}) };
}
