import { runFlowSuite } from '../support/flow-suite.js';

// The flow suite on the in-memory default storage. @oidc-kit/redis-adapter runs the same suite
// on Redis (standalone and Cluster).
runFlowSuite('in-memory storage');
