import { randomBytes } from 'node:crypto';
import { errors, type default as Provider } from 'oidc-provider';
import { ConflictError } from '../errors.js';
import type { ListQuery, Page } from '../stores/account-store.js';
import type { ClientMetadata, ClientStore } from '../stores/client-store.js';
import { checkClientRules } from './client-rules.js';
import {
  generateClientSecret,
  hashClientSecret,
  SECRET_HASHES,
  secretCanBeHashed,
  storedSecretHashes,
  type ClientSecretHash,
} from './hashed-client-secrets.js';

/** Members a caller never sets directly: the server issues them. */
export const SERVER_MANAGED_MEMBERS = [
  'client_secret',
  SECRET_HASHES,
  'client_secret_expires_at',
  'client_id_issued_at',
  'registration_access_token',
  'registration_client_uri',
] as const;

/** A client as stored, plus its new secret when this call issued one (shown once). */
export interface RegisteredClient {
  metadata: ClientMetadata;
  clientSecret?: string;
}

/** The result of a secret rotation. */
export interface RotatedSecret {
  metadata: ClientMetadata;
  clientSecret: string;
  /** Epoch seconds until which the previous secret still works; absent without a grace period. */
  previousSecretExpiresAt?: number;
}

/** Client management shared by the admin API (and the CLI): validation, secrets, storage. */
export interface ClientRegistry {
  get(clientId: string): Promise<ClientMetadata | undefined>;
  list(query?: ListQuery): Promise<Page<ClientMetadata>>;
  /** Registers a client; `client_id` is generated unless given. `ConflictError` when taken. */
  create(metadata: Record<string, unknown>): Promise<RegisteredClient>;
  /** Replaces a client's metadata (secrets are kept when the client still needs one). */
  replace(clientId: string, metadata: Record<string, unknown>): Promise<RegisteredClient | undefined>;
  /** Issues a new secret; the old one keeps working for `graceSeconds` (hashed secrets only). */
  rotateSecret(clientId: string, graceSeconds?: number): Promise<RotatedSecret | undefined>;
  delete(clientId: string): Promise<boolean>;
}

const CLIENT_ID = /^[\w.~:-]{1,128}$/;

const now = () => Math.floor(Date.now() / 1000);

// Public members of oidc-provider's Client class that its type package leaves out.
type ClientClass = { needsSecret(metadata: unknown): boolean } & (new (metadata: unknown) => { metadata(): ClientMetadata });
const clientClass = (provider: Provider) => provider.Client as unknown as ClientClass;

/** A copy without the server-managed members (what a PATCH merges into). */
export function withoutServerManaged(metadata: ClientMetadata): Record<string, unknown> {
  const copy: Record<string, unknown> = { ...metadata };
  for (const member of SERVER_MANAGED_MEMBERS) delete copy[member];
  return copy;
}

/**
 * Creates the client registry over the client store. Metadata runs through oidc-kit's rules
 * ({@link checkClientRules}) and oidc-provider's own schema (`provider.Client.validate`), and is
 * stored in oidc-provider's normalized form, exactly as RFC 7591 registration stores it, so a
 * client made either way is the same client. Errors are oidc-provider's `InvalidClientMetadata`
 * (`invalid_client_metadata` / `invalid_redirect_uri`) and `ConflictError`.
 *
 * @example
 * const registry = createClientRegistry({ provider: idp.provider, clients: idp.clients });
 * const { metadata, clientSecret } = await registry.create({ client_name: 'Billing', grant_types: ['client_credentials'], scope: 'api' });
 */
export function createClientRegistry(deps: { provider: Provider; clients: ClientStore }): ClientRegistry {
  const { provider, clients } = deps;

  async function build(clientId: string, input: Record<string, unknown>, current?: ClientMetadata): Promise<RegisteredClient> {
    const candidate: Record<string, unknown> = { ...input };
    for (const member of SERVER_MANAGED_MEMBERS) delete candidate[member];
    candidate.client_id = clientId;

    let clientSecret: string | undefined;
    let keptHashes: ClientSecretHash[] | undefined;
    if (clientClass(provider).needsSecret(candidate)) {
      const hashes = storedSecretHashes(current);
      if (hashes.length > 0 && secretCanBeHashed(candidate)) {
        keptHashes = hashes;
      } else if (typeof current?.client_secret === 'string' && current.client_secret !== '') {
        candidate.client_secret = current.client_secret;
      } else {
        // New, turned confidential, or switched to a method that needs the secret itself.
        clientSecret = generateClientSecret();
        candidate.client_secret = clientSecret;
      }
      candidate.client_secret_expires_at = 0;
    }

    checkClientRules(candidate);
    // A kept hash cannot be shown to oidc-provider; a stand-in secret validates the rest.
    const forProvider = keptHashes ? { ...candidate, client_secret: generateClientSecret() } : candidate;
    await provider.Client.validate(forProvider as never);
    const normalized = new (clientClass(provider))(forProvider).metadata();

    const metadata: ClientMetadata = {
      ...normalized,
      client_id: clientId,
      client_id_issued_at: typeof current?.client_id_issued_at === 'number' ? current.client_id_issued_at : now(),
    };
    if (keptHashes) {
      delete metadata.client_secret;
      metadata[SECRET_HASHES] = keptHashes;
    }
    return { metadata, ...(clientSecret !== undefined ? { clientSecret } : {}) };
  }

  async function saved(result: RegisteredClient, { create = false } = {}): Promise<RegisteredClient> {
    if (create && clients.create) {
      const { client_id: clientId } = result.metadata;
      if (!(await clients.create(result.metadata))) throw new ConflictError('client_id', `a client with client_id "${clientId}" already exists`);
    } else {
      await clients.save(result.metadata);
    }
    // Read back the stored form (hashed), so callers never hold a plain secret in `metadata`.
    const stored = await clients.find(result.metadata.client_id);
    return { ...result, metadata: stored ?? result.metadata };
  }

  return {
    get: (clientId) => clients.find(clientId),
    list: (query) => clients.list(query),

    async create(input) {
      const requested = input.client_id;
      if (requested !== undefined && (typeof requested !== 'string' || !CLIENT_ID.test(requested))) {
        throw new errors.InvalidClientMetadata('client_id must be 1 to 128 letters, digits or ._~:-');
      }
      const clientId = requested ?? randomBytes(16).toString('base64url');
      // Early, for a clear answer before any work; the store's atomic create settles races.
      if (await clients.find(clientId)) throw new ConflictError('client_id', `a client with client_id "${clientId}" already exists`);
      return saved(await build(clientId, input), { create: true });
    },

    async replace(clientId, input) {
      const current = await clients.find(clientId);
      if (!current) return undefined;
      return saved(await build(clientId, input, current));
    },

    async rotateSecret(clientId, graceSeconds = 0) {
      const current = await clients.find(clientId);
      if (!current) return undefined;
      if (!clientClass(provider).needsSecret(current)) throw new errors.InvalidRequest('this client has no secret to rotate (it authenticates without one)');
      const clientSecret = generateClientSecret();
      const at = now();
      const previousSecretExpiresAt = graceSeconds > 0 ? at + graceSeconds : undefined;
      const next: ClientMetadata = { ...current, client_secret_expires_at: 0 };
      if (secretCanBeHashed(current)) {
        const previous: ClientSecretHash[] = storedSecretHashes(current)
          .filter((h) => h.expires_at === undefined || h.expires_at > at)
          .map((h) => ({ ...h, expires_at: Math.min(h.expires_at ?? Infinity, previousSecretExpiresAt ?? at) }));
        if (typeof current.client_secret === 'string' && current.client_secret !== '' && previousSecretExpiresAt !== undefined) {
          previous.push(hashClientSecret(current.client_secret, previousSecretExpiresAt));
        }
        delete next.client_secret;
        next[SECRET_HASHES] = [hashClientSecret(clientSecret), ...(previousSecretExpiresAt !== undefined ? previous : [])];
      } else {
        // The secret is a key here (client_secret_jwt, HS* algorithms): only one can be current.
        if (previousSecretExpiresAt !== undefined) {
          throw new errors.InvalidRequest('grace_seconds is only supported for client_secret_basic and client_secret_post clients (this client uses its secret as a key)');
        }
        delete next[SECRET_HASHES];
        next.client_secret = clientSecret;
      }
      const { metadata } = await saved({ metadata: next });
      return { metadata, clientSecret, ...(previousSecretExpiresAt !== undefined ? { previousSecretExpiresAt } : {}) };
    },

    delete: (clientId) => clients.delete(clientId),
  };
}
