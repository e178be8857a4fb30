import type { z } from 'zod';
import { CciError, type Fault } from '../errors.js';

/** One thing wrong with a document, addressed by a readable location. */
export interface ValidationProblem {
  /** e.g. `criteria[2].weight` */
  path: string;
  /** A human label for the location, e.g. `criterion "empathy_02" field "weight"`. */
  where: string;
  message: string;
}

export type PathLabeler = (path: readonly PropertyKey[]) => string;

export function pathToString(path: readonly PropertyKey[]): string {
  let out = '';
  for (const part of path) {
    if (typeof part === 'number') out += `[${part}]`;
    else out += out === '' ? String(part) : `.${String(part)}`;
  }
  return out || '(root)';
}

/**
 * Flattens zod issues into problems. Unknown keys become one problem per key,
 * located at the key itself, so "unknown key" errors point at the bad field.
 */
export function toProblems(
  error: z.ZodError,
  label: PathLabeler = pathToString,
): ValidationProblem[] {
  const problems: ValidationProblem[] = [];
  for (const issue of error.issues) {
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) {
        const path = [...issue.path, key];
        problems.push({ path: pathToString(path), where: label(path), message: 'unknown key' });
      }
      continue;
    }
    problems.push({
      path: pathToString(issue.path),
      where: label(issue.path),
      message: issue.message,
    });
  }
  return problems;
}

/** Parses with the schema or throws a user error listing every problem. */
export function parseOrThrow<S extends z.ZodType>(
  schema: S,
  value: unknown,
  options: { code: string; what: string; label?: PathLabeler; hint?: string; fault?: Fault },
): z.output<S> {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  const problems = toProblems(parsed.error, options.label);
  const lines = problems.map((p) => `  - ${p.where}: ${p.message}`);
  throw new CciError(options.code, `${options.what} is invalid:\n${lines.join('\n')}`, {
    fault: options.fault ?? 'user',
    details: problems,
    ...(options.hint === undefined ? {} : { hint: options.hint }),
    cause: parsed.error,
  });
}
