import { runReuseSuite } from '../../../core/test/support/reuse-suite.js';
import { TARGETS } from '../support/targets.js';
import { redisStorage } from './redis-test-storage.js';

// Single use of codes and refresh tokens under 50 parallel requests, and the reuse grace window,
// with everything stored in a real Redis.
for (const target of TARGETS) runReuseSuite(`Redis ${target}`, redisStorage(target));
