import type { Context } from 'koa';

/** The media types oidc-kit's middleware asks a request body about. */
const PATTERNS = {
  form: ['application/x-www-form-urlencoded'],
  json: ['application/json'],
  anyJson: ['json', '+json'],
} as const;

export type BodyType = keyof typeof PATTERNS;

// `ctx.is()` parses the Content-Type header on every call, and a POST is asked several times
// (limits, JSON compatibility, throttling, oidc-provider). The answer depends on the header alone,
// so it is kept per header value; headers are caller-chosen, so the map is bounded.
// One map per type, keyed by the header itself: no composite key to build and hash per call.
const MAX_ENTRIES = 256;
const answers: Record<BodyType, Map<string, boolean>> = { form: new Map(), json: new Map(), anyJson: new Map() };

/** `Boolean(ctx.is(...))` for one of {@link BodyType}'s media types, parsed once per distinct header. */
export function bodyIs(ctx: Context, type: BodyType): boolean {
  const headers = ctx.req.headers;
  // type-is: a request has a body when it is chunked or declares a length.
  if (headers['transfer-encoding'] === undefined && (headers['content-length'] === undefined || Number.isNaN(Number(headers['content-length'])))) return false;
  const contentType = headers['content-type'];
  if (!contentType) return false;
  const known = answers[type];
  let answer = known.get(contentType);
  if (answer === undefined) {
    answer = Boolean(ctx.is(...PATTERNS[type]));
    if (known.size >= MAX_ENTRIES) known.clear();
    if (contentType.length <= 200) known.set(contentType, answer);
  }
  return answer;
}
