import { createClientRegistry, type ClientMetadata } from '@oidc-kit/core';
import { allowOnly, list, listQuery, single, type CliArgs } from './cli-args.js';
import type { CliContext, CliIo } from './cli-context.js';

const SHOWN = ['client_id', 'client_name', 'token_endpoint_auth_method', 'grant_types', 'response_types', 'redirect_uris', 'post_logout_redirect_uris', 'scope', 'first_party', 'is_active', 'client_id_issued_at'];

/** What the CLI prints of a client: its metadata, never stored secrets or their hashes. */
function visible(metadata: ClientMetadata): Record<string, unknown> {
  return Object.fromEntries(SHOWN.filter((key) => metadata[key] !== undefined).map((key) => [key, metadata[key]]));
}

/**
 * `clients add`: registers a client through the same registry as `POST /admin/clients` (rules,
 * oidc-provider's validation, hashed secret) and prints it with its secret, shown this once.
 */
export async function addClient(args: CliArgs, context: CliContext, io: CliIo): Promise<void> {
  allowOnly(args, ['id', 'name', 'type', 'public', 'grant-types', 'redirect-uri', 'post-logout-redirect-uri', 'scope', 'auth-method', 'first-party']);
  const type = single(args, 'public') ? 'public' : single(args, 'type') ?? 'confidential';
  if (type !== 'public' && type !== 'confidential') throw new Error('--type must be "public" or "confidential"');
  const grantTypes = list(args, 'grant-types') ?? ['authorization_code', 'refresh_token'];
  const input: Record<string, unknown> = {
    ...(single(args, 'id') !== undefined ? { client_id: single(args, 'id') } : {}),
    ...(single(args, 'name') !== undefined ? { client_name: single(args, 'name') } : {}),
    grant_types: grantTypes,
    response_types: grantTypes.includes('authorization_code') ? ['code'] : [],
    redirect_uris: list(args, 'redirect-uri') ?? [],
    ...(list(args, 'post-logout-redirect-uri') ? { post_logout_redirect_uris: list(args, 'post-logout-redirect-uri') } : {}),
    ...(single(args, 'scope') !== undefined ? { scope: single(args, 'scope') } : {}),
    token_endpoint_auth_method: single(args, 'auth-method') ?? (type === 'public' ? 'none' : 'client_secret_basic'),
    ...(single(args, 'first-party') ? { first_party: true } : {}),
  };
  const registry = createClientRegistry({ provider: context.built.idp.provider, clients: context.built.idp.clients });
  const { metadata, clientSecret } = await registry.create(input);
  context.audit('client.create', metadata.client_id);
  io.out(JSON.stringify({ ...visible(metadata), ...(clientSecret !== undefined ? { client_secret: clientSecret } : {}) }, null, 2));
  if (clientSecret !== undefined) io.err('note: the client secret is shown this once; it is stored hashed');
}

/** `clients list`: one line per client (or `--json`), with `--search`, `--limit`, `--offset`. */
export async function listClients(args: CliArgs, context: CliContext, io: CliIo): Promise<void> {
  const page = await context.built.idp.clients.list(listQuery(args));
  if (single(args, 'json')) {
    io.out(JSON.stringify({ items: page.items.map(visible), total: page.total }, null, 2));
    return;
  }
  for (const client of page.items) {
    io.out([client.client_id, client.client_name ?? '-', client.token_endpoint_auth_method ?? 'client_secret_basic', (client.grant_types ?? []).join(',')].join('\t'));
  }
  io.err(`${page.items.length} of ${page.total} clients`);
}
