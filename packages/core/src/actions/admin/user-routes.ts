import type { Router } from '@koa/router';
import type { Context } from 'koa';
import { errors } from 'oidc-provider';
import type { PasswordHasher } from '../../passwords/password-hasher.js';
import { checkPasswordPolicy, type PasswordPolicy } from '../../passwords/password-policy.js';
import type { AccountPatch, AccountStore } from '../../stores/account-store.js';
import type { AuditLog } from './audit-log.js';
import { notFound } from './admin-errors.js';
import { bodyOf } from './json-body.js';
import { pageQuery, sendList } from './page-query.js';
import { parseNewUser, parseUserPatch } from './user-input.js';
import { userView } from './user-view.js';

export interface UserRouteDeps {
  accounts: AccountStore;
  passwords: PasswordHasher;
  passwordPolicy: PasswordPolicy;
  audit: AuditLog;
  prefix: string;
}

/** Checks a new password against the policy (400 naming the rule) and hashes it off the event loop. */
export async function hashNewPassword(password: unknown, deps: { passwords: PasswordHasher; passwordPolicy: PasswordPolicy }): Promise<string> {
  if (typeof password !== 'string') throw new errors.InvalidRequest('password is required (a string)');
  checkPasswordPolicy(password, deps.passwordPolicy);
  return deps.passwords.hash(password);
}

/** User management: list/search, create, read, update, disable/enable, set password, delete. */
export function addUserRoutes(router: Router, deps: UserRouteDeps): void {
  const { accounts, audit } = deps;

  async function update(ctx: Context, patch: AccountPatch, action: string) {
    const id = ctx.params.id!;
    const account = await accounts.update(id, patch);
    if (!account) throw notFound('user');
    audit(ctx, action, id);
    ctx.body = userView(account);
  }

  router.get('/users', async (ctx) => {
    const query = pageQuery(ctx);
    const page = await accounts.list(query);
    sendList(ctx, page.items.map(userView), page.total, query);
  });

  router.post('/users', async (ctx) => {
    const { password, ...fields } = parseNewUser(bodyOf(ctx));
    const passwordHash = password !== undefined ? await hashNewPassword(password, deps) : undefined;
    const account = await accounts.create({ ...fields, ...(passwordHash ? { passwordHash } : {}) });
    audit(ctx, 'user.create', account.id);
    const mountPath = (ctx as { mountPath?: string }).mountPath ?? '';
    ctx.set('Location', `${mountPath}${deps.prefix}/users/${encodeURIComponent(account.id)}`);
    ctx.status = 201;
    ctx.body = userView(account);
  });

  router.get('/users/:id', async (ctx) => {
    const account = await accounts.findById(ctx.params.id!);
    if (!account) throw notFound('user');
    ctx.body = userView(account);
  });

  router.patch('/users/:id', (ctx) => update(ctx, parseUserPatch(bodyOf(ctx)), 'user.update'));
  router.post('/users/:id/disable', (ctx) => update(ctx, { disabled: true }, 'user.disable'));
  router.post('/users/:id/enable', (ctx) => update(ctx, { disabled: false }, 'user.enable'));

  router.put('/users/:id/password', async (ctx) => {
    const id = ctx.params.id!;
    if (!(await accounts.findById(id))) throw notFound('user');
    const passwordHash = await hashNewPassword(bodyOf(ctx).password, deps);
    if (!(await accounts.update(id, { passwordHash }))) throw notFound('user');
    audit(ctx, 'user.password.set', id);
    ctx.status = 204;
  });

  router.delete('/users/:id', async (ctx) => {
    const id = ctx.params.id!;
    if (!(await accounts.delete(id))) throw notFound('user');
    audit(ctx, 'user.delete', id);
    ctx.status = 204;
  });
}
