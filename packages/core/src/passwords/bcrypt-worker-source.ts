/**
 * The body of a password worker, as CommonJS source for `new Worker(source, { eval: true })`.
 * An inline string needs no separate file, so it works from compiled `dist/` and from `src/`
 * under vitest alike. `workerData.bcryptPath` is bcryptjs's resolved CommonJS entry.
 *
 * Messages: `{ op: 'hash', password, cost }` → the hash; `{ op: 'verify', password, hash }` →
 * a boolean, `false` for a malformed hash (bcryptjs throws on some). Replies never echo the password.
 */
export const BCRYPT_WORKER_SOURCE = `
'use strict';
const { parentPort, workerData } = require('node:worker_threads');
const bcrypt = require(workerData.bcryptPath);

function verify(password, hash) {
  try {
    return bcrypt.compareSync(password, hash);
  } catch {
    return false;
  }
}

parentPort.on('message', (message) => {
  try {
    const value = message.op === 'hash'
      ? bcrypt.hashSync(message.password, bcrypt.genSaltSync(message.cost))
      : verify(message.password, message.hash);
    parentPort.postMessage({ ok: true, value });
  } catch (error) {
    parentPort.postMessage({ ok: false, message: 'bcrypt failed: ' + (error && error.message) });
  }
});
`;
