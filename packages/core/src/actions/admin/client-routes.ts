import type { Router } from '@koa/router';
import type { Context } from 'koa';
import { errors } from 'oidc-provider';
import { withoutServerManaged, type ClientRegistry, type RegisteredClient } from '../../clients/client-registry.js';
import type { AuditLog } from './audit-log.js';
import { notFound } from './admin-errors.js';
import { clientMetadataFromBody } from './client-input.js';
import { clientView } from './client-view.js';
import { bodyOf } from './json-body.js';
import { pageQuery, sendList } from './page-query.js';

/** Longest grace period of a rotated secret: 30 days. */
const MAX_GRACE_SECONDS = 30 * 24 * 3600;

/** The response of a create/replace: the client, and its secret when one was just issued. */
function withSecret(result: RegisteredClient): Record<string, unknown> {
  const view = clientView(result.metadata);
  if (result.clientSecret === undefined) return view;
  return { ...view, client_secret: result.clientSecret, client_secret_expires_at: 0 };
}

function graceSeconds(body: Record<string, unknown>): number {
  const value = body.grace_seconds ?? 0;
  if (!Number.isInteger(value) || (value as number) < 0 || (value as number) > MAX_GRACE_SECONDS) {
    throw new errors.InvalidRequest(`grace_seconds must be an integer from 0 to ${MAX_GRACE_SECONDS}`);
  }
  return value as number;
}

function checkPathId(ctx: Context, body: Record<string, unknown>): string {
  const clientId = ctx.params.client_id!;
  if (body.client_id !== undefined && body.client_id !== clientId) throw new errors.InvalidRequest('client_id in the body must match the one in the path');
  return clientId;
}

/**
 * Client management (RFC 7591 metadata, seed-compatible `client_type`, `scopes`, `is_active`):
 * list, register, read, replace (PUT), merge (PATCH), delete, rotate the secret.
 */
export function addClientRoutes(router: Router, deps: { registry: ClientRegistry; audit: AuditLog; prefix: string }): void {
  const { registry, audit } = deps;

  router.get('/clients', async (ctx) => {
    const query = pageQuery(ctx);
    const page = await registry.list(query);
    sendList(ctx, page.items.map(clientView), page.total, query);
  });

  router.post('/clients', async (ctx) => {
    const result = await registry.create(clientMetadataFromBody(bodyOf(ctx)));
    const clientId = result.metadata.client_id;
    audit(ctx, 'client.create', clientId);
    ctx.status = 201;
    const mountPath = (ctx as { mountPath?: string }).mountPath ?? '';
    ctx.set('Location', `${mountPath}${deps.prefix}/clients/${encodeURIComponent(clientId)}`);
    ctx.body = withSecret(result);
  });

  router.get('/clients/:client_id', async (ctx) => {
    const client = await registry.get(ctx.params.client_id!);
    if (!client) throw notFound('client');
    ctx.body = clientView(client);
  });

  router.put('/clients/:client_id', async (ctx) => {
    const body = bodyOf(ctx);
    const clientId = checkPathId(ctx, body);
    const result = await registry.replace(clientId, clientMetadataFromBody(body));
    if (!result) throw notFound('client');
    audit(ctx, 'client.replace', clientId);
    ctx.body = withSecret(result);
  });

  router.patch('/clients/:client_id', async (ctx) => {
    const body = bodyOf(ctx);
    const clientId = checkPathId(ctx, body);
    const current = await registry.get(clientId);
    if (!current) throw notFound('client');
    const result = await registry.replace(clientId, clientMetadataFromBody(body, withoutServerManaged(current)));
    if (!result) throw notFound('client');
    audit(ctx, 'client.update', clientId);
    ctx.body = withSecret(result);
  });

  router.delete('/clients/:client_id', async (ctx) => {
    const clientId = ctx.params.client_id!;
    if (!(await registry.delete(clientId))) throw notFound('client');
    audit(ctx, 'client.delete', clientId);
    ctx.status = 204;
  });

  router.post('/clients/:client_id/secret', async (ctx) => {
    const clientId = ctx.params.client_id!;
    const rotated = await registry.rotateSecret(clientId, graceSeconds(bodyOf(ctx)));
    if (!rotated) throw notFound('client');
    audit(ctx, 'client.secret.rotate', clientId);
    ctx.body = {
      client_id: clientId,
      client_secret: rotated.clientSecret,
      client_secret_expires_at: 0,
      ...(rotated.previousSecretExpiresAt !== undefined ? { previous_secret_expires_at: rotated.previousSecretExpiresAt } : {}),
    };
  });
}
