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
 * Reads a request body (at most `limit` bytes, else 413) and puts it back at the head of the
 * stream with `unshift`, so that the next reader still finds an unread stream. oidc-provider
 * parses its own bodies and only from an unread stream (a body parsed upstream makes it print a
 * warning and re-encode the object), yet limits and client throttling must see the parameters first.
 *
 * Reading stops at `Content-Length` bytes or when the HTTP message is complete; the bytes go
 * back before the stream can emit `end`, which is what `unshift` is for (Node.js docs:
 * `readable.unshift`, "un-consume some amount of data").
 */
export async function peekBody(req: IncomingMessage, limit: number): Promise<Buffer> {
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
  const body = Buffer.concat(chunks, size);
  // Only if the stream had already emitted `end` (it should not) is the body not given back;
  // the caller can then hand it over as `ctx.request.body`.
  if (size > 0 && !req.readableEnded) req.unshift(body);
  return body;
}
