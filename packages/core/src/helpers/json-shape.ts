/** Whether a string is Unicode text: JSON's `\ud800` escapes can make lone surrogates, which no URI, name or store takes. */
const isText = (value: string) => (value as string & { isWellFormed(): boolean }).isWellFormed();

/** Why a parsed JSON value is too deep, too large or not text; undefined when it is within the limits. */
export function jsonShapeProblem(value: unknown, limits: { maxDepth: number; maxMembers: number }): string | undefined {
  // Iterative, so that a hostile `[[[[…]]]]` cannot exhaust the call stack.
  const stack: Array<[unknown, number]> = [[value, 1]];
  let members = 0;
  while (stack.length > 0) {
    const [current, depth] = stack.pop()!;
    if (typeof current === 'string' && !isText(current)) return 'holds a string that is not valid Unicode text';
    if (current === null || typeof current !== 'object') continue;
    if (depth > limits.maxDepth) return `nests deeper than ${limits.maxDepth} levels`;
    const children = Array.isArray(current) ? current : Object.values(current as Record<string, unknown>);
    if (!Array.isArray(current) && Object.hasOwn(current, '__proto__')) return 'has a "__proto__" member';
    if (!Array.isArray(current) && !Object.keys(current).every(isText)) return 'holds a member name that is not valid Unicode text';
    members += children.length;
    if (members > limits.maxMembers) return `has more than ${limits.maxMembers} members and elements`;
    for (const child of children) stack.push([child, depth + 1]);
  }
  return undefined;
}
