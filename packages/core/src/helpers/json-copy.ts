/**
 * A deep copy of JSON data with what a `JSON.parse(JSON.stringify(value))` round trip would give
 * (members that are `undefined`, functions or symbols dropped, in arrays `null`; non-finite
 * numbers `null`, `-0` 0), without the string in between: the in-memory stores copy on every
 * read and write, and walking plain objects costs a fifth of a parse. Anything that is not a
 * plain object or array (a `Date`, a class instance, anything with `toJSON`) takes the round trip.
 */
export function copyJson<T>(value: T): T {
  return copyValue(value, false) as T;
}

function copyValue(value: unknown, inArray: boolean): unknown {
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return value;
    case 'number':
      if (value === 0) return 0; // -0 too, as JSON writes it
      return Number.isFinite(value) ? value : null;
    case 'object':
      if (value === null) return null;
      if (Array.isArray(value)) return copyArray(value);
      return isPlain(value) ? copyObject(value as Record<string, unknown>) : roundTrip(value, inArray);
    default:
      // undefined, functions and symbols: left out of objects, null in arrays (as JSON does);
      // a bigint throws, as it does in JSON.
      if (typeof value === 'bigint') return roundTrip(value, inArray);
      return inArray ? null : undefined;
  }
}

function copyArray(values: unknown[]): unknown[] {
  const out = new Array<unknown>(values.length);
  for (let i = 0; i < values.length; i += 1) out[i] = copyValue(values[i], true);
  return out;
}

function copyObject(source: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(source)) {
    const copied = copyValue(source[key], false);
    if (copied === undefined) continue;
    // An own `__proto__` member (JSON.parse makes one) stays a member, never the prototype.
    if (key === '__proto__') Object.defineProperty(out, key, { value: copied, enumerable: true, writable: true, configurable: true });
    else out[key] = copied;
  }
  return out;
}

function isPlain(value: object): boolean {
  const proto = Object.getPrototypeOf(value) as unknown;
  return (proto === Object.prototype || proto === null) && typeof (value as { toJSON?: unknown }).toJSON !== 'function';
}

function roundTrip(value: unknown, inArray: boolean): unknown {
  const json = JSON.stringify(value) as string | undefined;
  if (json === undefined) return inArray ? null : undefined;
  return JSON.parse(json) as unknown;
}
