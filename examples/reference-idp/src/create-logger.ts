import { pino, type DestinationStream, type Logger as PinoLogger } from 'pino';
import { requestContext } from './request-context.js';

// Field names whose values are credentials. Logged objects are redacted at the top level and one
// level down (`{ client: { client_secret } }`); request bodies and query strings are never logged.
const SECRET_FIELDS = [
  'password', 'newPassword', 'passwordHash', 'password_hash', 'client_secret', 'clientSecret', 'secret',
  'token', 'access_token', 'refresh_token', 'id_token', 'registration_access_token', 'initial_access_token',
  'code_verifier', 'assertion', 'authorization', 'cookie', 'set-cookie', 'cookieKeys', 'keys',
];

/** pino `redact` paths for {@link SECRET_FIELDS}, top level and one level down, plus header objects. */
export const REDACT_PATHS: string[] = [
  ...SECRET_FIELDS.flatMap((field) => [`["${field}"]`, `*["${field}"]`]),
  'headers.authorization', 'headers.cookie', '*.headers.authorization', '*.headers.cookie',
];

export interface LoggerOptions {
  level?: string;
  /** Where JSON lines go; stdout by default. */
  destination?: DestinationStream;
}

/**
 * The reference IdP's structured logger: one JSON line per entry, ISO time, level names, secrets
 * redacted, and the current request's id (`reqId`) on every line written while serving it.
 * It satisfies the core's `Logger` (`info/warn/error(object, message)`).
 */
export function createLogger(options: LoggerOptions = {}): PinoLogger {
  return pino(
    {
      level: options.level ?? 'info',
      base: { service: 'oidc-kit-idp' },
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
      redact: { paths: REDACT_PATHS, censor: '[redacted]' },
      mixin() {
        const context = requestContext.getStore();
        return context ? { reqId: context.requestId } : {};
      },
    },
    options.destination ?? pino.destination({ dest: 1, sync: true }),
  );
}
