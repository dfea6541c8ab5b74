// One browser stand-in for every package's tests: the core's.
export { HttpSession, formActions, formFields, formsOf } from '../../../../packages/core/test/support/http-session.js';
