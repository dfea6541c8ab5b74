import { describe, expect, it } from 'vitest';
import { freePort, spawnIdp, writeConfig } from './support/spawn-idp.js';

async function refusal(env: Record<string, string>): Promise<string[]> {
  const idp = await spawnIdp({ PORT: String(await freePort()), NODE_ENV: 'production', ...env }, { waitFor: 'configuration error' });
  expect(await idp.exited).toBe(1);
  return idp.output().trim().split('\n');
}

describe('NODE_ENV=production refuses development set-ups, each with one clear line', () => {
  it('in-memory storage', async () => {
    expect(await refusal({})).toEqual([expect.stringMatching(/^oidc-kit: configuration error: REDIS_URL is required with NODE_ENV=production/)]);
  });

  it('an http issuer that is not loopback', async () => {
    const config = await writeConfig({ clients: [] });
    expect(await refusal({ REDIS_URL: 'redis://127.0.0.1:1', ISSUER: 'http://id.example.com', IDP_CONFIG: config })).toEqual([
      expect.stringMatching(/^oidc-kit: configuration error: ISSUER must be an https URL with NODE_ENV=production \(got http:\/\/id\.example\.com/),
    ]);
  });

  it('the demo data (no IDP_CONFIG)', async () => {
    expect(await refusal({ REDIS_URL: 'redis://127.0.0.1:1', ISSUER: 'https://id.example.com' })).toEqual([
      expect.stringMatching(/^oidc-kit: configuration error: IDP_CONFIG is required with NODE_ENV=production \(the built-in demo client and user/),
    ]);
  });
});
