import { ConflictError, OidcKitError, ValidationError } from '@oidc-kit/core';
import { parseArgs } from './cli-args.js';
import { addClient, listClients } from './cli-clients.js';
import { cliActor, openIdp, type CliContext, type CliIo } from './cli-context.js';
import { rotateKeys } from './cli-keys.js';
import { addUser, listUsers } from './cli-users.js';
import { readEnvironment } from './environment.js';

export const USAGE = `usage: pnpm idp <command> [options]   (same environment as the server: REDIS_URL, IDP_CONFIG, …)

  clients add   [--id ID] [--name NAME] [--public | --type confidential|public]
                [--grant-types authorization_code,refresh_token,client_credentials,…]
                [--redirect-uri URL]… [--post-logout-redirect-uri URL]… [--scope "openid …"]
                [--auth-method client_secret_basic|client_secret_post|…] [--first-party]
  clients list  [--search TEXT] [--limit N] [--offset N] [--json]
  users add     --username NAME [--email ADDRESS] [--role ROLE]… [--name "Full Name"] [--password-stdin]
  users list    [--search TEXT] [--limit N] [--offset N] [--json]
  keys rotate`;

type Command = (args: ReturnType<typeof parseArgs>, context: CliContext, io: CliIo) => Promise<void>;
const COMMANDS: Record<string, Command> = {
  'clients add': addClient,
  'clients list': listClients,
  'users add': addUser,
  'users list': listUsers,
};

/** One line for the operator: what was wrong, never a stack trace. */
function describe(error: unknown): string {
  const { error: code, error_description: description } = error as { error?: string; error_description?: string };
  if (typeof code === 'string') return `${code}: ${description ?? ''}`.trim(); // oidc-provider's InvalidClientMetadata, …
  if (error instanceof ConflictError || error instanceof ValidationError) return error.message;
  if (error instanceof OidcKitError) return `configuration error: ${error.message}`;
  return (error as Error)?.message ?? String(error);
}

/** Runs one CLI command; resolves with the exit code (0 done, 1 refused or failed, 2 usage). */
export async function runCli(argv: readonly string[], env: NodeJS.ProcessEnv, io: CliIo): Promise<number> {
  let args;
  try {
    args = parseArgs(argv);
  } catch (error) {
    io.err(`oidc-kit idp: ${(error as Error).message}\n${USAGE}`);
    return 2;
  }
  const name = args.words.join(' ');
  if (name === '' || name === 'help' || args.flags.has('help')) {
    io.out(USAGE);
    return name === '' && !args.flags.has('help') ? 2 : 0;
  }
  const command = COMMANDS[name];
  if (!command && name !== 'keys rotate') {
    io.err(`oidc-kit idp: unknown command "${name}"\n${USAGE}`);
    return 2;
  }
  let context: CliContext | undefined;
  try {
    const environment = readEnvironment(env);
    if (name === 'keys rotate') {
      const audit = (action: string, target: string) => io.err(JSON.stringify({ level: 'info', audit: true, actor: cliActor(), action, target, at: new Date().toISOString(), msg: `audit: ${action}` }));
      await rotateKeys(args, environment, io, audit);
      return 0;
    }
    context = await openIdp(environment, io);
    await command!(args, context, io);
    return 0;
  } catch (error) {
    io.err(`oidc-kit idp: ${describe(error)}`);
    return 1;
  } finally {
    await context?.close();
  }
}
