import { describe, expect, it } from 'vitest';

import { ValidationError } from '../src/errors.js';
import { assertBcryptLength, checkPasswordPolicy } from '../src/passwords/password-policy.js';

function violation(run: () => void): ValidationError {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(ValidationError);
    return error as ValidationError;
  }
  throw new Error('expected a ValidationError');
}

describe('checkPasswordPolicy', () => {
  it('accepts a password of the minimum length', () => {
    expect(() => checkPasswordPolicy('12345678')).not.toThrow();
  });

  it('refuses a short password, naming the rule and not the password', () => {
    const error = violation(() => checkPasswordPolicy('hunter2'));
    expect(error.code).toBe('ERR_VALIDATION');
    expect(error.field).toBe('password');
    expect(error.message).toBe('password must be at least 8 characters long');
    expect(error.message).not.toContain('hunter2');
  });

  it('takes a custom minimum and counts characters, not UTF-16 units', () => {
    expect(violation(() => checkPasswordPolicy('123456789', { minLength: 10 })).message).toContain('at least 10');
    // Five emoji are ten UTF-16 units but five characters.
    expect(() => checkPasswordPolicy('😀😀😀😀😀', { minLength: 6 })).toThrow(ValidationError);
  });

  it('accepts exactly 72 bytes and refuses 73, never truncating', () => {
    expect(() => checkPasswordPolicy('a'.repeat(72))).not.toThrow();
    expect(violation(() => checkPasswordPolicy('a'.repeat(73))).message).toMatch(/at most 72 bytes/);
  });

  it('counts UTF-8 bytes: 24 euro signs (72 bytes) pass, 25 (75 bytes, 25 characters) do not', () => {
    expect(() => checkPasswordPolicy('€'.repeat(24))).not.toThrow();
    expect(() => checkPasswordPolicy('€'.repeat(25))).toThrow(ValidationError);
  });

  it('refuses a non-string', () => {
    expect(violation(() => checkPasswordPolicy(12345678 as unknown as string)).message).toBe('password must be a string');
  });
});

describe('assertBcryptLength', () => {
  it('only checks the 72-byte limit', () => {
    expect(() => assertBcryptLength('')).not.toThrow();
    expect(() => assertBcryptLength('é'.repeat(37))).toThrow(ValidationError);
  });
});
