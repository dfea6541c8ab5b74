import { measure, type LoadResult, type LoadSettings } from './runner/load.js';
import type { ServerProcess } from './runner/server-process.js';
import { SCENARIOS } from './scenarios/catalog.js';
import type { LoopDelay } from './servers/protocol.js';

export interface EventLoopResult {
  idle: { clientCredentials: LoadResult; loop: LoopDelay };
  underPasswordLoad: { clientCredentials: LoadResult; password: LoadResult; loop: LoopDelay };
}

/**
 * client_credentials latency and the server's event-loop delay, first alone, then while password
 * grants at the default bcrypt cost keep the hashing workers saturated.
 */
export async function runEventLoopCheck(server: ServerProcess, settings: LoadSettings): Promise<EventLoopResult> {
  const cc = await SCENARIOS.find((s) => s.id === 'cc-opaque')!.plan!(server, 'kit-memory');
  const passwordScenario = SCENARIOS.find((s) => s.id === 'password-12')!;
  const password = await passwordScenario.plan!(server, 'kit-memory');
  const ccSettings = { ...settings, connections: 10, warmup: 0 };

  await server.resetStats();
  const idleCc = await measure(server.url, cc, ccSettings);
  const idleLoop = (await server.readStats()).loop;

  await server.resetStats();
  const [loadedCc, loadedPassword] = await Promise.all([
    measure(server.url, cc, ccSettings),
    measure(server.url, password, { ...settings, ...passwordScenario.load, duration: settings.duration, warmup: 0 }),
  ]);
  const loadedLoop = (await server.readStats()).loop;
  return {
    idle: { clientCredentials: idleCc, loop: idleLoop },
    underPasswordLoad: { clientCredentials: loadedCc, password: loadedPassword, loop: loadedLoop },
  };
}
