/** Size and shape limits on what a request may carry (option `requestLimits`). */
export interface RequestLimits {
  /**
   * Largest `application/x-www-form-urlencoded` body, in bytes. Default and maximum 57344 (56 KiB,
   * oidc-provider's own limit for the bodies it parses).
   */
  formBytes: number;
  /** Largest JSON body (registration, admin API), in bytes. Default 65536. */
  jsonBytes: number;
  /** Largest body of any other content type, in bytes. Default 16384. */
  otherBytes: number;
  /** Most parameters in the query string, and in a form body, of one request. Default 100. */
  maxParameters: number;
  /** Deepest nesting of objects and arrays in a JSON body. Default 20. */
  jsonDepth: number;
  /** Most object members and array elements, counted over a whole JSON body. Default 1000. */
  jsonMembers: number;
}

/** oidc-provider refuses form and JSON bodies past 56 KiB whatever oidc-kit allows. */
export const PROVIDER_BODY_LIMIT = 56 * 1024;

export const DEFAULT_REQUEST_LIMITS: Readonly<RequestLimits> = Object.freeze({
  formBytes: PROVIDER_BODY_LIMIT,
  jsonBytes: 64 * 1024,
  otherBytes: 16 * 1024,
  maxParameters: 100,
  jsonDepth: 20,
  jsonMembers: 1000,
});

/** The limits in force: the defaults, overridden by the option's members. */
export function resolveRequestLimits(option: Partial<RequestLimits> | undefined): RequestLimits {
  return { ...DEFAULT_REQUEST_LIMITS, ...option };
}

/** How many `name=value` pairs a query string or form body holds (repeated names count each time). */
export function countParameters(encoded: string): number {
  if (encoded === '') return 0;
  let count = 0;
  for (const pair of encoded.split('&')) if (pair !== '') count += 1;
  return count;
}
