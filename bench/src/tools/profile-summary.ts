import { readFile } from 'node:fs/promises';

/**
 * Summarises a `.cpuprofile` (from `pnpm bench --profile`): self time per function and per
 * module, and inclusive time per function (optionally only names containing `filter`), the top
 * entries first. Usage: node dist/tools/profile-summary.js <file> [top] [filter]
 */
interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

function moduleOf(url: string): string {
  if (!url) return '(native)';
  const pnpm = /node_modules\/\.pnpm\/[^/]+\/node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (pnpm) return pnpm[1]!;
  const local = /\/(packages|examples|bench)\/([^/]+)\//.exec(url);
  if (local) return `${local[1]}/${local[2]}`;
  return url.startsWith('node:') ? 'node' : url;
}

async function main(): Promise<void> {
  const [file, topArg] = process.argv.slice(2);
  if (!file) throw new Error('usage: profile-summary <file.cpuprofile> [top]');
  const top = Number(topArg ?? 40);
  const profile = JSON.parse(await readFile(file, 'utf8')) as Profile;
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const self = new Map<number, number>();
  profile.samples.forEach((id, i) => self.set(id, (self.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0)));
  const total = [...self.values()].reduce((a, b) => a + b, 0);
  const perFunction = new Map<string, number>();
  const perModule = new Map<string, number>();
  for (const [id, time] of self) {
    const { functionName, url, lineNumber } = byId.get(id)!.callFrame;
    const name = `${functionName || '(anonymous)'} ${url.replace(/^.*node_modules\/\.pnpm\/[^/]+\/node_modules\//, '').replace(/^file:\/\/.*\/(packages|bench|examples)\//, '$1/')}:${lineNumber + 1}`;
    perFunction.set(name, (perFunction.get(name) ?? 0) + time);
    perModule.set(moduleOf(url), (perModule.get(moduleOf(url)) ?? 0) + time);
  }
  const show = (title: string, map: Map<string, number>, n: number) => {
    console.log(`\n${title}`);
    for (const [name, time] of [...map].sort((a, b) => b[1] - a[1]).slice(0, n)) {
      console.log(`${((time / total) * 100).toFixed(1).padStart(5)}%  ${(time / 1000).toFixed(0).padStart(6)} ms  ${name}`);
    }
  };
  // Inclusive time: each sample counts once for every distinct function on its stack.
  const parent = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);
  const label = (node: ProfileNode) => {
    const { functionName, url, lineNumber } = node.callFrame;
    return `${functionName || '(anonymous)'} ${url.replace(/^.*node_modules\/\.pnpm\/[^/]+\/node_modules\//, '').replace(/^file:\/\/.*\/(packages|bench|examples)\//, '$1/')}:${lineNumber + 1}`;
  };
  const inclusive = new Map<string, number>();
  profile.samples.forEach((id, i) => {
    const seen = new Set<string>();
    for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) seen.add(label(byId.get(at)!));
    for (const name of seen) inclusive.set(name, (inclusive.get(name) ?? 0) + (profile.timeDeltas[i] ?? 0));
  });
  const filter = process.argv[4];
  const inclusiveShown = new Map([...inclusive].filter(([name]) => !filter || name.includes(filter)));
  console.log(`${file}: ${(total / 1e6).toFixed(1)} s sampled`);
  show('self time by module', perModule, 25);
  show('self time by function', perFunction, top);
  show(`inclusive time by function${filter ? ` (matching ${filter})` : ''}`, inclusiveShown, top);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
