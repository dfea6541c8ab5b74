import { randomBytes } from 'node:crypto';
import { checkPasswordPolicy, type AccountRecord } from '@oidc-kit/core';
import { allowOnly, list, listQuery, single, type CliArgs } from './cli-args.js';
import type { CliContext, CliIo } from './cli-context.js';

/** A user as the CLI prints it (as the admin API shows it): never the password hash. */
function visible(account: AccountRecord): Record<string, unknown> {
  return {
    id: account.id,
    username: account.username,
    email: account.email ?? null,
    roles: account.roles,
    disabled: account.disabled ?? false,
    createdAt: account.createdAt,
  };
}

/**
 * `users add`: the same policy check, bcrypt hasher and account store as `POST /admin/users`.
 * The password comes from standard input (`--password-stdin`, never an argument, which would land
 * in shell history and `ps`), or is generated and shown this once.
 */
export async function addUser(args: CliArgs, context: CliContext, io: CliIo): Promise<void> {
  allowOnly(args, ['username', 'email', 'role', 'name', 'password-stdin']);
  const username = single(args, 'username');
  if (!username) throw new Error('--username is required');
  let password: string;
  let generated = false;
  if (single(args, 'password-stdin')) {
    password = (await io.readStdin()).replace(/\r?\n$/, '');
  } else {
    password = randomBytes(18).toString('base64url');
    generated = true;
  }
  const { idp, config } = context.built;
  checkPasswordPolicy(password, { minLength: config.passwords?.minLength ?? 8 });
  const name = single(args, 'name');
  const email = single(args, 'email');
  const account = await idp.accounts.create({
    username,
    ...(email !== undefined ? { email } : {}),
    roles: list(args, 'role') ?? [],
    claims: name !== undefined ? { name } : {},
    passwordHash: await idp.passwords.hash(password),
  });
  context.audit('user.create', account.id);
  io.out(JSON.stringify({ ...visible(account), ...(generated ? { password } : {}) }, null, 2));
  if (generated) io.err('note: the generated password is shown this once');
}

/** `users list`: one line per user (or `--json`), with `--search`, `--limit`, `--offset`. */
export async function listUsers(args: CliArgs, context: CliContext, io: CliIo): Promise<void> {
  const page = await context.built.idp.accounts.list(listQuery(args));
  if (single(args, 'json')) {
    io.out(JSON.stringify({ items: page.items.map(visible), total: page.total }, null, 2));
    return;
  }
  for (const user of page.items) {
    io.out([user.id, user.username, user.email ?? '-', user.roles.join(',') || '-', user.disabled ? 'disabled' : 'active'].join('\t'));
  }
  io.err(`${page.items.length} of ${page.total} users`);
}
