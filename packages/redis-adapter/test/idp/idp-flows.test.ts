import { runFlowSuite } from '../../../core/test/support/flow-suite.js';
import { TARGETS } from '../support/targets.js';
import { redisStorage } from './redis-test-storage.js';

// The core's full OpenID Connect flow suite, with everything stored in a real Redis.
for (const target of TARGETS) runFlowSuite(`Redis ${target}`, redisStorage(target));
