import type { ListQuery, Page } from './account-store.js';

/** oidc-provider client metadata (snake_case), plus oidc-kit's own members. */
export interface ClientMetadata {
  client_id: string;
  client_secret?: string;
  redirect_uris?: string[];
  post_logout_redirect_uris?: string[];
  grant_types?: string[];
  response_types?: string[];
  token_endpoint_auth_method?: string;
  scope?: string;
  client_name?: string;
  [key: string]: unknown;
}

/**
 * Where clients live. oidc-provider reads clients through this store (its `Client` model is
 * bridged to it), so a client registered by the admin API, by RFC 7591 registration or by a
 * config file is the same client everywhere. Client ids are compared exactly; `save` replaces the
 * whole client; records go in and come out as copies; `list` is in order of first save, with
 * `search` matching `client_id` or `client_name` (checked by `runClientStoreConformance`).
 */
export interface ClientStore {
  find(clientId: string): Promise<ClientMetadata | undefined>;
  /** Inserts or replaces. */
  save(metadata: ClientMetadata): Promise<void>;
  /**
   * Inserts only if no client has this `client_id`, atomically; false (nothing changed) if one
   * does. Optional: without it, creating a client with a chosen id is a lookup then a `save`, and
   * of two concurrent creates with one id the later one wins.
   */
  create?(metadata: ClientMetadata): Promise<boolean>;
  delete(clientId: string): Promise<boolean>;
  list(query?: ListQuery): Promise<Page<ClientMetadata>>;
  /**
   * Optional. A string naming the client's stored state, undefined when there is no such client:
   * two calls may return the same string only if the stored client is the same (a counter bumped
   * on every save, or the stored text itself). With it, oidc-kit reuses the client it built for
   * that state instead of rebuilding it (copy, validation, hashing) on every request; the store is
   * still asked on every request, so a change takes effect at once on every instance.
   */
  version?(clientId: string): Promise<string | undefined>;
}
