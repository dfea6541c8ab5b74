import type { Context } from 'koa';
import type Provider from 'oidc-provider';
import { scopesFor, type GrantContext } from '../grants/grant-context.js';
import { issueClientCredentials, serviceScopes } from '../grants/client-credentials.js';
import { authenticateFormClient } from './basic-client-auth.js';
import type { ClientCredentialsRecords } from './client-credentials-record.js';
import { isWellFormedScope } from './form-body.js';
import { answerJson } from './json-answer.js';

const PARAMETERS = new Set(['grant_type', 'scope', 'client_id']);

/**
 * Answers a plain client_credentials request (RFC 6749 §4.4) — HTTP Basic, `grant_type`, an
 * optional `scope` and `client_id`, nothing else — with the checks oidc-provider's token endpoint
 * would make and the same token and response. Returns false, having answered nothing, for any
 * other request and whenever a check fails: oidc-provider then handles it and gives the error.
 */
export async function clientCredentialsFastPath(ctx: Context, provider: Provider, grant: GrantContext, records: ClientCredentialsRecords, parameters: Record<string, string> | undefined): Promise<boolean> {
  if (parameters?.grant_type !== 'client_credentials' || !isWellFormedScope(parameters.scope)) return false;
  const scope = parameters.scope;
  const client = await authenticateFormClient(provider, ctx, parameters, PARAMETERS);
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
