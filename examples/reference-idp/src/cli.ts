#!/usr/bin/env node
import { text } from 'node:stream/consumers';
import { runCli } from './cli-run.js';

// `pnpm idp …`: the operator CLI (see cli-run.ts for the commands).
process.exitCode = await runCli(process.argv.slice(2), process.env, {
  out: (line) => process.stdout.write(`${line}\n`),
  err: (line) => process.stderr.write(`${line}\n`),
  readStdin: () => text(process.stdin),
});
