import { describe, expect, it } from 'vitest';
import { copyJson } from '../../src/helpers/json-copy.js';

const viaJson = (value: unknown) => JSON.parse(JSON.stringify(value)) as unknown;

describe('copyJson', () => {
  const samples: Record<string, unknown> = {
    'a session payload': { iat: 1, exp: 2, uid: 'u', kind: 'Session', amr: ['pwd'], authorizations: { c: { sid: 's', grantId: 'g', persistsLogout: false } }, state: undefined },
    'nested arrays': [[1, [2, [3]]], { a: [{ b: null }] }],
    'undefined, functions and symbols': { a: undefined, b: () => 1, c: Symbol('x'), d: [undefined, () => 1, Symbol('y')], e: 'kept' },
    'non-finite numbers': { a: Number.NaN, b: Infinity, c: [-Infinity, 0, -0] },
    'a Date and a toJSON object': { when: new Date(0), custom: { toJSON: () => ({ replaced: true }) }, gone: { toJSON: () => undefined } },
    'a class instance and a Map': { instance: new (class { field = 1; })(), map: new Map([[1, 2]]) },
    'an own __proto__ member': JSON.parse('{"__proto__":{"polluted":true},"x":1}') as unknown,
    'top-level scalars': 'text',
  };
  for (const [name, value] of Object.entries(samples)) {
    it(`gives what a JSON round trip gives: ${name}`, () => {
      const copied = copyJson(value);
      expect(copied).toStrictEqual(viaJson(value));
    });
  }

  it('shares nothing with the original', () => {
    const original = { a: { b: [{ c: 1 }] } };
    const copied = copyJson(original);
    copied.a.b[0]!.c = 2;
    copied.a.b.push({ c: 3 });
    expect(original).toStrictEqual({ a: { b: [{ c: 1 }] } });
  });

  it('keeps an own __proto__ member a member, not the prototype', () => {
    const copied = copyJson(JSON.parse('{"__proto__":{"polluted":true}}') as Record<string, unknown>);
    expect(Object.getPrototypeOf(copied)).toBe(Object.prototype);
    expect((copied as { polluted?: unknown }).polluted).toBeUndefined();
    expect(Object.keys(copied)).toEqual(['__proto__']);
  });

  it('refuses a bigint as JSON does', () => {
    expect(() => copyJson({ n: 1n })).toThrow(TypeError);
  });
});
