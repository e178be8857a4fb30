import type { z } from 'zod';
import { userError } from '../errors.js';
import { toProblems } from '../validation/problems.js';

export const TRANSCRIPT_PARSE = 'TRANSCRIPT_PARSE';

/** A broken transcript tends to repeat one fault in every item; a few lines name it. */
const MAX_LISTED_PROBLEMS = 5;

/**
 * Validates a Transcribe output document, throwing the user error
 * `TRANSCRIPT_PARSE` whose message names the path of each problem
 * (e.g. `Transcript[3].BeginOffsetMillis: Invalid input: expected number, received string`).
 * Every problem is kept in `details`.
 */
export function validateTranscribeOutput<S extends z.ZodType>(
  schema: S,
  json: unknown,
  what: string,
): z.output<S> {
  const parsed = schema.safeParse(json);
  if (parsed.success) return parsed.data;
  const problems = toProblems(parsed.error);
  const listed = problems.slice(0, MAX_LISTED_PROBLEMS).map((p) => `  - ${p.path}: ${p.message}`);
  const more = problems.length - listed.length;
  if (more > 0) listed.push(`  - ... and ${more} more`);
  throw userError(TRANSCRIPT_PARSE, `${what} is invalid:\n${listed.join('\n')}`, {
    details: problems,
    cause: parsed.error,
    hint: 'Check that the file is an unmodified Amazon Transcribe output JSON document.',
  });
}
