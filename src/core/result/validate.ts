import { parseOrThrow } from '../validation/problems.js';
import { UnifiedResultSchema, type UnifiedResult } from './schema.js';

/** Run before every write: a result that does not match the schema is never stored. */
export function validateUnifiedResult(value: unknown): UnifiedResult {
  return parseOrThrow(UnifiedResultSchema, value, {
    code: 'INVALID_RESULT',
    what: 'Unified result',
    // The pipeline assembled it: a mismatch is our defect, not the operator's.
    fault: 'system',
  });
}
