import { runReuseSuite } from '../support/reuse-suite.js';

// On the in-memory storage. @oidc-kit/redis-adapter runs the same suite on Redis.
runReuseSuite('in-memory storage');
