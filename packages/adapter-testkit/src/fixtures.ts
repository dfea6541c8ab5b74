import { randomUUID } from 'node:crypto';

import type { AdapterPayload } from '@oidc-kit/core';

/** Models whose records carry a `grantId` and fall with `revokeByGrantId`. */
export const GRANT_BOUND_MODELS = [
  'AccessToken',
  'AuthorizationCode',
  'RefreshToken',
  'DeviceCode',
  'BackchannelAuthenticationRequest',
] as const;

/** Models with a single-use `consume`. */
export const CONSUMABLE_MODELS = [
  'AuthorizationCode',
  'RefreshToken',
  'DeviceCode',
  'BackchannelAuthenticationRequest',
  'PushedAuthorizationRequest',
] as const;

/** A fresh id; every test writes its own ids, so suites may share one store. */
export function newId(label = 'id'): string {
  return `${label}-${randomUUID()}`;
}

/**
 * A payload shaped like what oidc-provider saves for `model`: `Session` has a `uid`,
 * `DeviceCode` a `userCode`, grant-bound tokens a `grantId`, `Client` is client metadata.
 */
export function payloadFor(model: string, id: string, extra: Partial<AdapterPayload> = {}): AdapterPayload {
  const iat = Math.floor(Date.now() / 1000);
  if (model === 'Client') {
    return { client_id: id, client_secret: 'not-a-real-secret', redirect_uris: ['https://rp.example/cb'], ...extra };
  }
  const payload: AdapterPayload = { jti: id, kind: model, iat, exp: iat + 3600, accountId: 'account-1', clientId: 'client-1' };
  if (model === 'Session') Object.assign(payload, { uid: newId('uid'), authorizations: {}, loginTs: iat });
  if (model === 'DeviceCode') payload.userCode = newId('CODE').toUpperCase();
  if ((GRANT_BOUND_MODELS as readonly string[]).includes(model)) payload.grantId = newId('grant');
  if (model === 'Grant') Object.assign(payload, { openid: { scope: 'openid' }, rejected: {}, resources: {} });
  return { ...payload, ...extra };
}
