/** Base class of oidc-kit's non-protocol errors. Decide by `code`, never by message text. */
export class OidcKitError extends Error {
    code;
    constructor(code, message, options) {
        super(message, options);
        this.code = code;
        this.name = new.target.name;
    }
}
/** A bad option or config file. `path` names the option (`routes.token`). */
export class ConfigurationError extends OidcKitError {
    path;
    constructor(path, message, options) {
        super('ERR_CONFIGURATION', `${path} ${message}`, options);
        this.path = path;
    }
}
/** A unique value (username, e-mail, client_id) is taken. */
export class ConflictError extends OidcKitError {
    field;
    constructor(field, message) {
        super('ERR_CONFLICT', message);
        this.field = field;
    }
}
/** Input that breaks a rule (weak password, bad metadata) outside the OAuth protocol. */
export class ValidationError extends OidcKitError {
    field;
    constructor(field, message) {
        super('ERR_VALIDATION', message);
        this.field = field;
    }
}
/** The storage backend failed or is unreachable. Rendered as 503 `server_error`. */
export class StorageError extends OidcKitError {
    constructor(message, options) {
        super('ERR_STORAGE', message, options);
    }
}
