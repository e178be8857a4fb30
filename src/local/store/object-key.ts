import { userError } from '../../core/errors.js';

/** S3 keys are at most 1024 bytes of UTF-8. */
const MAX_KEY_BYTES = 1024;

/**
 * Object keys become file paths on the local target, so a key must not be able to
 * leave its bucket directory: no absolute keys, no `.`/`..` segments, no empty
 * segments, no backslashes or NUL. Everything S3 allows besides that is kept.
 */
export function assertObjectKey(key: string): string {
  const problem = keyProblem(key);
  if (problem !== undefined) {
    throw userError(
      'INVALID_OBJECT_KEY',
      `Invalid object key ${JSON.stringify(key)}: ${problem}.`,
      {
        hint: 'Use a relative key such as demo-tenant/calls/call-001.wav.',
      },
    );
  }
  return key;
}

function keyProblem(key: string): string | undefined {
  if (key.length === 0) return 'it is empty';
  if (Buffer.byteLength(key, 'utf8') > MAX_KEY_BYTES)
    return `it is longer than ${MAX_KEY_BYTES} bytes`;
  if (key.includes('\u0000')) return 'it contains a NUL character';
  if (key.includes('\\')) return 'it contains a backslash';
  if (key.startsWith('/')) return 'it starts with "/"';
  if (key.endsWith('/')) return 'it ends with "/" (a folder, not an object)';
  const segments = key.split('/');
  if (segments.some((s) => s === '')) return 'it contains an empty path segment ("//")';
  if (segments.some((s) => s === '.' || s === '..')) return 'it contains a "." or ".." segment';
  return undefined;
}

/** A prefix may be empty or end with "/", but otherwise follows the key rules. */
export function assertKeyPrefix(prefix: string): string {
  if (prefix === '') return prefix;
  const body = prefix.endsWith('/') ? prefix.slice(0, -1) : prefix;
  if (body === '') {
    throw userError('INVALID_OBJECT_KEY', 'A key prefix cannot be just "/".');
  }
  assertObjectKey(body);
  return prefix;
}
