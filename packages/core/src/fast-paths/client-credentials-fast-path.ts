import type { Context } from 'koa';
import type Provider from 'oidc-provider';
import { scopesFor, type GrantContext } from '../grants/grant-context.js';
import { issueClientCredentials, serviceScopes } from '../grants/client-credentials.js';
import { requestBasicCredentials } from '../helpers/basic-credentials.js';
import { authenticateBasicClient } from './basic-client-auth.js';
import type { ClientCredentialsRecords } from './client-credentials-record.js';
import { answerJson } from './json-answer.js';

// oidc-provider's syntax for `scope` (RFC 6749 §3.3: scope-token = 1*NQCHAR, space-delimited).
const SCOPE_SYNTAX = /^[\x21\x23-\x5B\x5D-\x7E]+(?: [\x21\x23-\x5B\x5D-\x7E]+)*$/;
const PARAMETERS = new Set(['grant_type', 'scope', 'client_id']);

/**
 * Answers a plain client_credentials request (RFC 6749 §4.4) — HTTP Basic, `grant_type`, an
 * optional `scope` and `client_id`, nothing else — with the checks oidc-provider's token endpoint
 * would make and the same token and response. Returns false, having answered nothing, for any
 * other request and whenever a check fails: oidc-provider then handles it and gives the error.
 */
export async function clientCredentialsFastPath(ctx: Context, provider: Provider, grant: GrantContext, records: ClientCredentialsRecords, parameters: Record<string, string> | undefined): Promise<boolean> {
  if (parameters?.grant_type !== 'client_credentials') return false;
  for (const name in parameters) if (!PARAMETERS.has(name)) return false;
  const credentials = requestBasicCredentials(ctx.req);
  if (!credentials || (parameters.client_id !== undefined && parameters.client_id !== credentials.clientId)) return false;
  const scope = parameters.scope;
  if (scope !== undefined && !SCOPE_SYNTAX.test(scope)) return false;

  const client = await authenticateBasicClient(provider, credentials);
  if (!client?.grantTypeAllowed('client_credentials')) return false;
  let scopes: string[];
  try {
    scopes = scopesFor(client, scope, grant.scopes, serviceScopes);
  } catch {
    return false;
  }
  answerJson(ctx, await (records(client, scopes) ?? issueClientCredentials(provider, grant, client, scopes)));
  return true;
}
