/**
 * The body of a password worker, as CommonJS source for `new Worker(source, { eval: true })`.
 * An inline string needs no separate file, so it works from compiled `dist/` and from `src/`
 * under vitest alike. `workerData` names the bcrypt module to load (`modulePath`, resolved) and
 * its API (`implementation`: `native` for @node-rs/bcrypt, `bcryptjs`).
 *
 * Messages: `{ op: 'hash', password, cost }` → the hash; `{ op: 'verify', password, hash }` →
 * a boolean, `false` for a malformed hash (both modules throw on some). Replies never echo the password.
 */
export const BCRYPT_WORKER_SOURCE = `
'use strict';
const { parentPort, workerData } = require('node:worker_threads');
const bcrypt = require(workerData.modulePath);
const native = workerData.implementation === 'native';

function hash(password, cost) {
  return native ? bcrypt.hashSync(password, { cost }) : bcrypt.hashSync(password, bcrypt.genSaltSync(cost));
}

function verify(password, hash) {
  try {
    return native ? bcrypt.verifySync(password, hash) : bcrypt.compareSync(password, hash);
  } catch {
    return false;
  }
}

parentPort.on('message', (message) => {
  try {
    const value = message.op === 'hash' ? hash(message.password, message.cost) : verify(message.password, message.hash);
    parentPort.postMessage({ ok: true, value });
  } catch (error) {
    parentPort.postMessage({ ok: false, message: 'bcrypt failed: ' + (error && error.message) });
  }
});
`;
