import { errors, type Configuration } from 'oidc-provider';
import { checkClientRules, deriveResponseTypes } from './client-rules.js';
import { secretCanBeHashed } from './hashed-client-secrets.js';

/** Who is calling the registration endpoint, as the registration gate found out. */
export interface RegistrationCaller {
  /** True for an `admin`-scoped access token, false for an initial or registration access token. */
  admin: boolean;
  /** `client_id`, `sub` or `initial_access_token`, for the audit log. */
  actor: string;
}

/** Where the registration gate leaves the caller (`ctx.state[REGISTRATION_CALLER]`). */
export const REGISTRATION_CALLER = 'oidcKitRegistrationCaller';

/** Values only an administrator may register: they grant more than a client should grant itself. */
const PRIVILEGED_GRANTS = ['password'];

type Validator = (ctx: unknown, key: string, value: unknown, metadata: Record<string, unknown>) => void;

interface RegistrationContext {
  state?: Record<string, unknown>;
  oidc?: { body?: Record<string, unknown>; client?: { metadata(): Record<string, unknown> } };
}

export interface ClientRegistrationInputs {
  /** Turn RFC 7591 registration and RFC 7592 management on. */
  enabled: boolean;
  /** The admin scope: registering a client with it needs an admin caller. */
  adminScope: string;
  /** Recognises the hashed-secret placeholder (see `createHashedClientSecrets`). */
  isPlaceholder(value: unknown): boolean;
}

/**
 * The metadata checks of RFC 7591/7592 requests, run inside oidc-provider's schema (its
 * `extraClientMetadata.validator` is the only hook that sees the request): grant types without
 * response types get matching ones, then oidc-kit's rules, the privileged-value check, and a
 * guard against turning a hashed-secret client into one that needs the plain secret.
 */
function registrationChecks(ctx: RegistrationContext, metadata: Record<string, unknown>, inputs: ClientRegistrationInputs): void {
  const body = ctx.oidc?.body ?? {};
  if (body.grant_types !== undefined && body.response_types === undefined) metadata.response_types = deriveResponseTypes(metadata.grant_types);
  checkClientRules(metadata);

  const caller = ctx.state?.[REGISTRATION_CALLER] as RegistrationCaller | undefined;
  if (!caller?.admin) {
    const previous = ctx.oidc?.client?.metadata() ?? {};
    const had = (member: string, value: string) => {
      const current = previous[member];
      return Array.isArray(current) ? current.includes(value) : String(current ?? '').split(' ').includes(value);
    };
    if (typeof metadata.scope === 'string' && metadata.scope.split(' ').includes(inputs.adminScope) && !had('scope', inputs.adminScope)) {
      throw new errors.InvalidClientMetadata(`scope "${inputs.adminScope}" can only be registered by an administrator`);
    }
    for (const grant of PRIVILEGED_GRANTS) {
      if (Array.isArray(metadata.grant_types) && metadata.grant_types.includes(grant) && !had('grant_types', grant)) {
        throw new errors.InvalidClientMetadata(`grant_types "${grant}" can only be registered by an administrator`);
      }
    }
    if (metadata.first_party === true && previous.first_party !== true) {
      throw new errors.InvalidClientMetadata('first_party can only be set by an administrator');
    }
  }

  if (inputs.isPlaceholder(metadata.client_secret) && !secretCanBeHashed(metadata)) {
    throw new errors.InvalidClientMetadata('this client_secret is stored hashed and cannot become a signing or encryption key; an administrator can switch the client through the admin API, which issues a new secret');
  }
}

/**
 * Turns on oidc-provider's `registration` (RFC 7591) and `registrationManagement` (RFC 7592)
 * features behind oidc-kit's registration gate, which admits only initial access tokens and
 * admin tokens (so oidc-provider's own `initialAccessToken` check is off), and adds oidc-kit's
 * client rules to the schema of registered clients. Unchanged when `enabled` is false.
 */
export function withClientRegistration(configuration: Configuration, inputs: ClientRegistrationInputs): Configuration {
  if (!inputs.enabled) return configuration;
  const extra = configuration.extraClientMetadata ?? {};
  const properties = extra.properties ?? [];
  const base = extra.validator as Validator | undefined;
  const last = properties[properties.length - 1];

  const validator: Validator = (ctx, key, value, metadata) => {
    base?.(ctx, key, value, metadata);
    // oidc-provider passes a context only for RFC 7591/7592 requests; once per client, after the
    // other extra members have been checked.
    if (ctx && key === last) registrationChecks(ctx as RegistrationContext, metadata, inputs);
  };

  return {
    ...configuration,
    extraClientMetadata: { ...extra, properties, validator: validator as never },
    features: {
      ...configuration.features,
      registration: { enabled: true, initialAccessToken: false, issueRegistrationAccessToken: true },
      registrationManagement: { enabled: true, rotateRegistrationAccessToken: true },
    },
  };
}
