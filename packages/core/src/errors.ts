/** Stable codes of oidc-kit's own (non-protocol) errors. Protocol errors are oidc-provider's `errors.*`. */
export type OidcKitErrorCode = 'ERR_CONFIGURATION' | 'ERR_CONFLICT' | 'ERR_STORAGE' | 'ERR_VALIDATION';

/** Base class of oidc-kit's non-protocol errors. Decide by `code`, never by message text. */
export class OidcKitError extends Error {
  readonly code: OidcKitErrorCode;

  constructor(code: OidcKitErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
    this.name = new.target.name;
  }
}

/** A bad option or config file. `path` names the option (`routes.token`). */
export class ConfigurationError extends OidcKitError {
  readonly path: string;

  constructor(path: string, message: string, options?: { cause?: unknown }) {
    super('ERR_CONFIGURATION', `${path} ${message}`, options);
    this.path = path;
  }
}

/** A unique value (username, e-mail, client_id) is taken. */
export class ConflictError extends OidcKitError {
  readonly field: string;

  constructor(field: string, message: string) {
    super('ERR_CONFLICT', message);
    this.field = field;
  }
}

/** Input that breaks a rule (weak password, bad metadata) outside the OAuth protocol. */
export class ValidationError extends OidcKitError {
  readonly field: string;

  constructor(field: string, message: string) {
    super('ERR_VALIDATION', message);
    this.field = field;
  }
}

/** The storage backend failed or is unreachable. Rendered as 503 `server_error`. */
export class StorageError extends OidcKitError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('ERR_STORAGE', message, options);
  }
}
