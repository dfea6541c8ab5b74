/**
 * The storage contract oidc-provider speaks, typed. One instance serves one model
 * (`'AccessToken'`, `'Session'`, …); the provider calls the factory once per model name.
 *
 * Contract beyond oidc-provider's own docs, which every oidc-kit adapter keeps
 * (and `@oidc-kit/adapter-testkit` checks):
 * - `consume(id)` is atomic and single-use: when the record is already consumed (or does
 *   not exist) it throws `errors.InvalidGrant` from oidc-provider, so that of N concurrent
 *   redemptions of one code exactly one proceeds.
 * - `revokeByGrantId(grantId)` removes every record saved with that `grantId`, without
 *   scanning the whole keyspace.
 */
export interface AdapterPayload {
  [key: string]: unknown;
  jti?: string;
  kind?: string;
  grantId?: string;
  uid?: string;
  userCode?: string;
  consumed?: number | boolean;
  exp?: number;
  iat?: number;
}

export interface Adapter {
  upsert(id: string, payload: AdapterPayload, expiresIn?: number): Promise<void>;
  find(id: string): Promise<AdapterPayload | undefined | void>;
  findByUid(uid: string): Promise<AdapterPayload | undefined | void>;
  findByUserCode(userCode: string): Promise<AdapterPayload | undefined | void>;
  consume(id: string): Promise<void>;
  destroy(id: string): Promise<void>;
  revokeByGrantId(grantId: string): Promise<void>;
}

/** Builds the adapter for one model name. Called once per model. */
export type AdapterFactory = (modelName: string) => Adapter;

/** Every model name oidc-provider v9 stores through an adapter. */
export const MODEL_NAMES = [
  'Session',
  'Grant',
  'AccessToken',
  'AuthorizationCode',
  'RefreshToken',
  'ClientCredentials',
  'Interaction',
  'ReplayDetection',
  'PushedAuthorizationRequest',
  'DeviceCode',
  'BackchannelAuthenticationRequest',
  'RegistrationAccessToken',
  'InitialAccessToken',
  'Client',
] as const;

export type ModelName = (typeof MODEL_NAMES)[number];
