import { readFile } from 'node:fs/promises';
import { userError } from '../core/errors.js';

/** Reads a JSON file; a missing file or bad JSON is the operator's to fix. */
export async function readJsonFile(path: string): Promise<unknown> {
  const text = await readTextFile(path);
  if (text === undefined) {
    throw userError('FILE_NOT_FOUND', `File ${path} does not exist.`, {
      hint: 'Check the path (it is resolved from the current directory).',
    });
  }
  return parseJson(text, path);
}

/** Reads a text file, or undefined when it does not exist. */
export async function readTextFile(path: string): Promise<string | undefined> {
  try {
    return await readFile(path, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return undefined;
    throw userError('FILE_UNREADABLE', `Cannot read ${path} (${code ?? 'error'}).`, {
      cause: err,
    });
  }
}

export function parseJson(text: string, path: string): unknown {
  try {
    return JSON.parse(text.replace(/^\uFEFF/, '')) as unknown;
  } catch (err) {
    throw userError('INVALID_JSON', `${path} is not valid JSON: ${(err as Error).message}`, {
      cause: err,
      hint: 'Check for trailing commas, missing quotes or comments (JSON allows none).',
    });
  }
}
