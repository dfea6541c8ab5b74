import { ConfigurationError, checkPasswordPolicy, isBcryptHash, type IdentityProvider } from '@oidc-kit/core';
import type { ConfigUser } from './config-file.js';

/** Creates (or replaces) the config file's users; plain passwords are hashed with bcrypt here. */
export async function loadUsers(idp: IdentityProvider, users: ConfigUser[]): Promise<void> {
  for (const [index, user] of users.entries()) {
    const at = `users[${index}]`;
    let passwordHash = user.password_hash;
    if (passwordHash !== undefined && !isBcryptHash(passwordHash)) throw new ConfigurationError(`${at}.password_hash`, 'must be a bcrypt hash ($2a$/$2b$/$2y$)');
    if (passwordHash === undefined) {
      try {
        checkPasswordPolicy(user.password ?? '', { minLength: 1 });
      } catch (cause) {
        throw new ConfigurationError(`${at}.password`, (cause as Error).message, { cause });
      }
      passwordHash = await idp.passwords.hash(user.password!);
    }
    const roles = user.roles ?? (user.role ? [user.role] : []);
    const fields = {
      username: user.username,
      ...(user.email !== undefined ? { email: user.email } : {}),
      emailVerified: user.email_verified ?? false,
      passwordHash,
      roles,
      claims: user.claims ?? {},
      disabled: user.disabled ?? false,
    };
    const find = async () => (user.id ? await idp.accounts.findById(user.id) : undefined) ?? (await idp.accounts.findByLogin(user.username));
    const existing = await find();
    if (existing) {
      await idp.accounts.update(existing.id, fields);
      continue;
    }
    try {
      await idp.accounts.create({ ...(user.id ? { id: user.id } : {}), ...fields });
    } catch (error) {
      // Several instances sharing one store start together: the one that created it first wins.
      const created = (error as { code?: string }).code === 'ERR_CONFLICT' ? await find() : undefined;
      if (!created) throw error;
      await idp.accounts.update(created.id, fields);
    }
  }
}
