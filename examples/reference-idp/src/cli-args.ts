/** A parsed command line: the words before the first flag, and each `--flag value` (repeatable). */
export interface CliArgs {
  words: string[];
  flags: Map<string, string[]>;
}

/** Flags that take no value. */
const SWITCHES = new Set(['json', 'public', 'first-party', 'password-stdin', 'help']);

/**
 * Parses `clients add --name Billing --redirect-uri a --redirect-uri b --public`. Values may also
 * be given as `--flag=value`. Unknown shapes throw with a message for the operator.
 */
export function parseArgs(argv: readonly string[]): CliArgs {
  const words: string[] = [];
  const flags = new Map<string, string[]>();
  for (let i = 0; i < argv.length; i += 1) {
    const arg = argv[i]!;
    if (!arg.startsWith('--')) {
      if (flags.size > 0) throw new Error(`unexpected "${arg}" after the options (values follow their --option)`);
      words.push(arg);
      continue;
    }
    const [name, inline] = arg.slice(2).split(/=(.*)/s, 2) as [string, string | undefined];
    let value: string;
    if (SWITCHES.has(name)) {
      value = 'true';
    } else if (inline !== undefined) {
      value = inline;
    } else {
      const next = argv[i + 1];
      if (next === undefined || next.startsWith('--')) throw new Error(`--${name} needs a value`);
      value = next;
      i += 1;
    }
    flags.set(name, [...(flags.get(name) ?? []), value]);
  }
  return { words, flags };
}

/** The one value of a flag, or undefined; a flag given twice that takes one value is an error. */
export function single(args: CliArgs, name: string): string | undefined {
  const values = args.flags.get(name);
  if (values === undefined) return undefined;
  if (values.length > 1) throw new Error(`--${name} is given more than once`);
  return values[0];
}

/** Every value of a repeatable flag, commas also splitting (`--grant-types a,b`). */
export function list(args: CliArgs, name: string): string[] | undefined {
  const values = args.flags.get(name);
  return values?.flatMap((value) => value.split(',')).map((value) => value.trim()).filter(Boolean);
}

/** Refuses flags a command does not know, so a typo never goes unnoticed. */
export function allowOnly(args: CliArgs, allowed: readonly string[]): void {
  for (const name of args.flags.keys()) {
    if (!allowed.includes(name)) throw new Error(`unknown option --${name} (this command takes ${allowed.map((a) => `--${a}`).join(', ') || 'no options'})`);
  }
}

/** `--limit` / `--offset` as non-negative integers. */
export function integer(args: CliArgs, name: string): number | undefined {
  const value = single(args, name);
  if (value === undefined) return undefined;
  if (!/^\d{1,9}$/.test(value)) throw new Error(`--${name} must be a whole number`);
  return Number(value);
}

/** `--search`, `--offset` (default 0) and `--limit` (default 100) of a `list` command, as a store query. */
export function listQuery(args: CliArgs): { search?: string; offset: number; limit: number } {
  allowOnly(args, ['search', 'limit', 'offset', 'json']);
  const search = single(args, 'search');
  return { ...(search !== undefined ? { search } : {}), offset: integer(args, 'offset') ?? 0, limit: integer(args, 'limit') ?? 100 };
}
