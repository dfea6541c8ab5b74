/** The logging surface oidc-kit writes to (pino, console or anything with these methods). */
export interface Logger {
  info(object: Record<string, unknown>, message?: string): void;
  warn(object: Record<string, unknown>, message?: string): void;
  error(object: Record<string, unknown>, message?: string): void;
}

/** One JSON line per entry on stdout/stderr. */
export const consoleLogger: Logger = {
  info: (object, message) => console.log(JSON.stringify({ level: 'info', time: new Date().toISOString(), ...object, msg: message })),
  warn: (object, message) => console.warn(JSON.stringify({ level: 'warn', time: new Date().toISOString(), ...object, msg: message })),
  error: (object, message) => console.error(JSON.stringify({ level: 'error', time: new Date().toISOString(), ...object, msg: message })),
};
