import type { IncomingMessage } from 'node:http';
import { errors } from 'oidc-provider';
import { payloadTooLarge } from './protocol-errors.js';

/** Resolves when the stream has more to read, or has ended; rejects when the client went away. */
function moreData(req: IncomingMessage): Promise<void> {
  return new Promise((resolve, reject) => {
    const done = (error?: Error) => {
      req.off('readable', onReadable);
      req.off('end', onReadable);
      req.off('close', onClose);
      req.off('error', done);
      if (error) reject(Object.assign(new errors.InvalidRequest('the request body could not be read'), { cause: error }));
      else resolve();
    };
    const onReadable = () => done();
    const onClose = () => done(new Error('connection closed before the body was complete'));
    req.on('readable', onReadable);
    req.on('end', onReadable);
    req.on('close', onClose);
    req.on('error', done);
  });
}

/**
 * Reads a whole request body (at most `limit` bytes, else 413) without letting the stream end,
 * so that {@link giveBackBody} can still put a body back for the next reader.
 *
 * Reading stops at `Content-Length` bytes or when the HTTP message is complete.
 */
export async function takeBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  const header = req.headers['content-length'];
  const declared = header === undefined ? undefined : Number(header);
  if (declared !== undefined && declared > limit) throw payloadTooLarge(limit);
  if (declared === 0 || req.readableEnded) return Buffer.alloc(0);

  const chunks: Buffer[] = [];
  let size = 0;
  for (;;) {
    let chunk: Buffer | null;
    while ((chunk = req.read() as Buffer | null) !== null) {
      size += chunk.length;
      if (size > limit) throw payloadTooLarge(limit);
      chunks.push(chunk);
    }
    if (req.complete || (declared !== undefined && size >= declared)) break;
    await moreData(req);
    if (req.readableEnded) break;
  }
  // A short body comes in one chunk: handed on as it is, not copied.
  return chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, size);
}

/**
 * Puts a body (the one taken, or a rewritten one) back at the head of the stream with `unshift`
 * (Node.js docs: `readable.unshift`, "un-consume some amount of data") and makes
 * `Content-Length` agree with it. Returns false when the stream had already ended, in which case
 * the caller hands the body over as `ctx.request.body` instead; throws `invalid_request` when the
 * client has closed the connection.
 */
export function giveBackBody(req: IncomingMessage, body: Buffer): boolean {
  // The client went away (its connection closed after sending): nothing will read the body or the
  // answer, and handing the body on as `request.body` would only make oidc-provider warn.
  if (req.destroyed) throw new errors.InvalidRequest('the client closed the connection');
  if (req.readableEnded) return false;
  if (req.headers['content-length'] !== undefined) req.headers['content-length'] = String(body.length);
  if (body.length > 0) req.unshift(body);
  return true;
}

/**
 * Reads a request body and puts it back unread. oidc-provider parses its own bodies and only from
 * an unread stream (a body parsed upstream makes it print a warning and re-encode the object),
 * yet limits and client throttling must see the parameters first.
 */
export async function peekBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  const body = await takeBody(req, limit);
  giveBackBody(req, body);
  return body;
}
