import { describe, expect, it } from 'vitest';
import { StorageError } from '../src/index.js';
import { isStorageError } from '../src/helpers/storage-failure.js';

describe('isStorageError', () => {
  it('recognises a StorageError, also wrapped as the cause of another error', () => {
    expect(isStorageError(new StorageError('down'))).toBe(true);
    expect(isStorageError(new Error('wrapped', { cause: new StorageError('down') }))).toBe(true);
  });

  it('recognises one thrown by another copy of @oidc-kit/core, by its code', () => {
    class ForeignStorageError extends Error {
      readonly code = 'ERR_STORAGE';
    }
    expect(isStorageError(new ForeignStorageError('down'))).toBe(true);
  });

  it('leaves every other error alone', () => {
    expect(isStorageError(new Error('boom'))).toBe(false);
    expect(isStorageError(Object.assign(new Error('x'), { code: 'ECONNREFUSED' }))).toBe(false);
    expect(isStorageError(undefined)).toBe(false);
    expect(isStorageError('ERR_STORAGE')).toBe(false);
  });
});
