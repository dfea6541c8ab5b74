import { ConfigurationError } from '../../errors.js';

/** The admin API and dynamic client registration. Off unless `enabled`. */
export interface AdminOptions {
  /**
   * Mount the admin API at `routes.admin` (default `/admin`) and register the `admin` scope.
   * Callers need a Bearer access token of this IdP whose scope includes `admin`.
   */
  enabled?: boolean;
  /**
   * RFC 7591 dynamic client registration and RFC 7592 management at `routes.registration`, open to
   * initial access tokens and admin tokens. Default: on when the admin API is.
   */
  registration?: boolean;
  /** The role a user needs for an `admin`-scoped token issued to them to work. Default `admin`. */
  role?: string;
}

/** `POST /users`: anyone may create an account. Off unless `enabled`. */
export interface SelfRegistrationOptions {
  enabled?: boolean;
  /** The one role a self-registered account gets. Default `user`. */
  defaultRole?: string;
  /** Accounts one client address may create per hour. Default 10. */
  maxPerHour?: number;
}

/** The scope that admin tokens carry. */
export const ADMIN_SCOPE = 'admin';

/** Options resolved with their defaults. */
export interface ResolvedAdminOptions {
  enabled: boolean;
  registration: boolean;
  role: string;
  selfRegistration: { enabled: boolean; defaultRole: string; maxPerHour: number };
}

const ROLE = /^[\w.:-]{1,64}$/;

export function resolveAdminOptions(options: { admin?: AdminOptions; selfRegistration?: SelfRegistrationOptions }): ResolvedAdminOptions {
  const enabled = options.admin?.enabled === true;
  return {
    enabled,
    registration: enabled && options.admin?.registration !== false,
    role: options.admin?.role ?? 'admin',
    selfRegistration: {
      enabled: options.selfRegistration?.enabled === true,
      defaultRole: options.selfRegistration?.defaultRole ?? 'user',
      maxPerHour: options.selfRegistration?.maxPerHour ?? 10,
    },
  };
}

/** Scopes the core must register for the admin API (none when it is off). */
export function adminScopes(options: { admin?: AdminOptions }): string[] {
  return options.admin?.enabled === true ? [ADMIN_SCOPE] : [];
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function checkKeys(path: string, value: Record<string, unknown>, known: string[]): void {
  for (const key of Object.keys(value)) {
    if (!known.includes(key)) throw new ConfigurationError(`${path}.${key}`, `is not a known option (known: ${known.join(', ')})`);
  }
}

function checkBoolean(path: string, value: unknown): void {
  if (value !== undefined && typeof value !== 'boolean') throw new ConfigurationError(path, 'must be true or false');
}

/** Checks `admin` and `selfRegistration`; throws `ConfigurationError` naming the bad option. */
export function validateAdminOptions(options: { admin?: unknown; selfRegistration?: unknown }): void {
  const { admin, selfRegistration } = options;
  if (admin !== undefined) {
    if (!isPlainObject(admin)) throw new ConfigurationError('admin', 'must be an object ({ enabled: true })');
    checkKeys('admin', admin, ['enabled', 'registration', 'role']);
    checkBoolean('admin.enabled', admin.enabled);
    checkBoolean('admin.registration', admin.registration);
    if (admin.role !== undefined && (typeof admin.role !== 'string' || !ROLE.test(admin.role))) throw new ConfigurationError('admin.role', 'must be a role name (1 to 64 letters, digits or ._:-)');
  }
  if (selfRegistration !== undefined) {
    if (!isPlainObject(selfRegistration)) throw new ConfigurationError('selfRegistration', 'must be an object ({ enabled: true })');
    checkKeys('selfRegistration', selfRegistration, ['enabled', 'defaultRole', 'maxPerHour']);
    checkBoolean('selfRegistration.enabled', selfRegistration.enabled);
    const role = selfRegistration.defaultRole;
    if (role !== undefined && (typeof role !== 'string' || !ROLE.test(role))) throw new ConfigurationError('selfRegistration.defaultRole', 'must be a role name (1 to 64 letters, digits or ._:-)');
    const adminRole = isPlainObject(admin) && typeof admin.role === 'string' ? admin.role : 'admin';
    if (role === adminRole) throw new ConfigurationError('selfRegistration.defaultRole', `must not be the admin role "${adminRole}" (anyone could make themselves an administrator)`);
    const max = selfRegistration.maxPerHour;
    if (max !== undefined && (!Number.isInteger(max) || (max as number) < 1)) throw new ConfigurationError('selfRegistration.maxPerHour', 'must be a positive integer');
  }
}
