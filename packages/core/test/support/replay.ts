import type { AssertionReplayCheck } from '../../src/grants/assertion-replay.js';

/** A real, in-memory replay check: each (issuer, id) is accepted once. Records what it saw. */
export function createReplayCache(): AssertionReplayCheck & { seen: Map<string, number> } {
  const seen = new Map<string, number>();
  const check = async (id: string, expiresAt: number, issuer: string): Promise<boolean> => {
    const key = `${issuer}\u0000${id}`;
    if (seen.has(key)) return false;
    seen.set(key, expiresAt);
    return true;
  };
  return Object.assign(check, { seen });
}
