import type { Adapter, AdapterFactory, AdapterPayload } from '../adapters/adapter.js';
import type { ClientMetadata, ClientStore } from '../stores/client-store.js';

/**
 * oidc-provider reads and writes clients through its `Client` model adapter; this routes that
 * model to the client store, so the admin API, RFC 7591 registration and config files share one
 * source of truth. An inactive client (`is_active: false`) is not found, hence `invalid_client`.
 *
 * A client registered without `scope` may ask for any scope oidc-provider knows; it is handed
 * over with `defaultScope` instead, every scope but the privileged ones (`admin`), so that those
 * are only ever granted to a client registered for them by name.
 */
export function bridgeClientModel(factory: AdapterFactory, clients: ClientStore, defaultScope: string): AdapterFactory {
  const clientAdapter: Adapter = {
    async find(id) {
      const metadata = await clients.find(id);
      if (!metadata || metadata.is_active === false) return undefined;
      return (metadata.scope === undefined ? { ...metadata, scope: defaultScope } : metadata) as AdapterPayload;
    },
    async upsert(id, payload) {
      await clients.save({ ...(payload as ClientMetadata), client_id: id });
    },
    async destroy(id) {
      await clients.delete(id);
    },
    async findByUid() {
      return undefined;
    },
    async findByUserCode() {
      return undefined;
    },
    async consume() {},
    async revokeByGrantId() {},
  };
  return (name) => (name === 'Client' ? clientAdapter : factory(name));
}
