import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MemoryClientStore, type ClientMetadata } from '../../src/index.js';
import { memoryLogger, startIdp, type TestIdp } from '../support/start-idp.js';

/** The memory client store, counting full reads. */
class CountingClientStore extends MemoryClientStore {
  finds = 0;
  override async find(clientId: string): Promise<ClientMetadata | undefined> {
    this.finds += 1;
    return super.find(clientId);
  }
}

const CLIENT: ClientMetadata = {
  client_id: 'svc',
  client_secret: 'svc-secret-0123456789abcdef0123456789',
  client_name: 'Service',
  grant_types: ['client_credentials'],
  response_types: [],
  redirect_uris: [],
};

describe('clients built once per stored state (ClientStore.version)', () => {
  let t: TestIdp;
  let store: CountingClientStore;
  beforeAll(async () => {
    store = new CountingClientStore();
    t = await startIdp({ logger: memoryLogger(), clients: { store, static: [CLIENT] } });
  });
  afterAll(() => t?.close());

  it('reads the whole client only when its stored state changed, and sees every change at once', async () => {
    const first = await t.idp.provider.Client.find('svc');
    expect(first?.clientName).toBe('Service');
    const readsAfterFirst = store.finds;
    const again = await t.idp.provider.Client.find('svc');
    expect(again).toBe(first);
    expect(store.finds, 'an unchanged client is not read and rebuilt again').toBe(readsAfterFirst);

    const stored = (await t.idp.clients.find('svc'))!;
    await t.idp.clients.save({ ...stored, client_name: 'Renamed' });
    expect((await t.idp.provider.Client.find('svc'))?.clientName).toBe('Renamed');

    await t.idp.clients.save({ ...stored, client_name: 'Renamed', is_active: false });
    expect(await t.idp.provider.Client.find('svc')).toBeUndefined();

    await t.idp.clients.delete('svc');
    expect(await t.idp.provider.Client.find('svc')).toBeUndefined();
  });
});
