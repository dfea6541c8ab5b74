import { IncomingMessage } from 'node:http';
import { Socket } from 'node:net';
import { describe, expect, it } from 'vitest';
import { giveBackBody, takeBody } from '../../src/helpers/peek-body.js';

/** A request as Node's HTTP server hands it over: headers parsed, the body in the stream. */
function requestWithBody(text: string): IncomingMessage {
  const req = new IncomingMessage(new Socket());
  req.headers['content-length'] = String(Buffer.byteLength(text));
  req.push(Buffer.from(text));
  req.push(null);
  req.complete = true;
  return req;
}

async function readAll(req: IncomingMessage): Promise<string> {
  let text = '';
  for await (const chunk of req) text += String(chunk);
  return text;
}

describe('taking a request body and giving it back', () => {
  it('puts the body back for the next reader, with a Content-Length that matches', async () => {
    const req = requestWithBody('grant_type=client_credentials');
    const body = await takeBody(req, 1024);
    expect(body.toString()).toBe('grant_type=client_credentials');
    expect(giveBackBody(req, Buffer.from('grant_type=refresh_token'))).toBe(true);
    expect(req.headers['content-length']).toBe('24');
    expect(await readAll(req)).toBe('grant_type=refresh_token');
  });

  it('refuses with invalid_request once the client has closed the connection, instead of handing the body on', async () => {
    const req = requestWithBody('grant_type=refresh_token&refresh_token=abc');
    const body = await takeBody(req, 1024);
    req.destroy();
    expect(() => giveBackBody(req, body)).toThrow(expect.objectContaining({ error: 'invalid_request', error_description: 'the client closed the connection' }));
  });
});
