import type Provider from 'oidc-provider';
import type { ClientStore } from '../stores/client-store.js';

type ProviderClient = InstanceType<Provider['Client']>;
type FindClient = (id: unknown) => Promise<ProviderClient | undefined>;

/** Client ids whose built client is kept; caller-chosen ids cannot grow the map past this. */
const MAX_CLIENTS = 1000;

/**
 * oidc-provider rebuilds its view of a store-backed client on every lookup: the store's copy, the
 * hashed-secret placeholder, then `JSON.stringify` and SHA-256 of the whole metadata to find its
 * cached `Client`. When the store can name a client's stored state (`ClientStore.version`), the
 * `Client` built for a state is reused until the state changes. The store is still asked on every
 * lookup, so an updated, disabled or deleted client takes effect at once, on every instance.
 */
export function reuseBuiltClients(provider: Provider, clients: ClientStore): void {
  const version = clients.version?.bind(clients);
  if (!version) return;
  const model = provider.Client as unknown as { find: FindClient };
  const build = model.find.bind(model);
  const built = new Map<string, { version: string; client: ProviderClient | undefined }>();

  model.find = async (id) => {
    if (typeof id !== 'string' || id === '') return build(id);
    const current = await version(id);
    // Not in the store: oidc-provider's own way (and its answer, undefined) stands.
    if (current === undefined) return build(id);
    const known = built.get(id);
    if (known !== undefined && known.version === current) return known.client;
    const client = await build(id);
    // Kept only if the state did not change while it was built: a client built from a newer save
    // is never filed under an older version.
    if ((await version(id)) === current) {
      if (built.size >= MAX_CLIENTS) built.clear();
      built.set(id, { version: current, client });
    }
    return client;
  };
}
