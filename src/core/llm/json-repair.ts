import type { z } from 'zod';
import { closingCandidates } from './json-close.js';
import { scanJson } from './json-scan.js';
import { QaAnswerSchema, type QaAnswer } from './qa-answer-schema.js';
import { REPAIR, SCAN_REPAIR_ORDER, type RepairStep } from './repair-steps.js';
import { validate } from './schema-check.js';
import { capRaw, stripBom, stripFences } from './text-cleanup.js';

/**
 * Turns whatever the model answered into a schema-valid value, or into the
 * `summary_raw` fallback the guide asks for (§7.3: strip fences and control
 * characters, re-parse, else keep the raw text). Every fix is applied only when
 * needed and named in `repairs`, so operators can see how broken answers were.
 * Never throws.
 */

export type RepairResult<T> =
  { ok: true; value: T; repairs: string[] } | { ok: false; summary_raw: string; error: string };

/** At most this many `{`/`[` starts are tried when prose holds brackets too. */
const MAX_STARTS = 4;

export function repairJson<T>(raw: string, schema: z.ZodType<T>): RepairResult<T> {
  try {
    return runRepair(raw, schema);
  } catch (err) {
    return failure(raw, `repair failed unexpectedly: ${describeError(err)}`);
  }
}

/** For an answer that is either a tool's input (already parsed) or text. */
export function repairQaAnswer(input: unknown): RepairResult<QaAnswer> {
  if (typeof input === 'string') return repairJson(input, QaAnswerSchema);
  try {
    const checked = validate(input, QaAnswerSchema);
    if (checked.ok) return { ok: true, value: checked.value, repairs: checked.repairs };
    return failure(stringify(input), checked.error);
  } catch (err) {
    return failure(stringify(input), `repair failed unexpectedly: ${describeError(err)}`);
  }
}

function runRepair<T>(raw: string, schema: z.ZodType<T>): RepairResult<T> {
  if (typeof raw !== 'string') return failure(stringify(raw), 'answer is not text');
  // Only JSON whitespace: String#trim would also remove a BOM and hide that repair.
  const direct = parse(raw.replace(/^[ \t\n\r]+|[ \t\n\r]+$/g, ''));
  const first = direct.ok ? validate(direct.value, schema) : undefined;
  if (first?.ok) return success(first.value, first.repairs);

  const errors = new ErrorLog();
  if (first) errors.schema(first.error);
  const repairs: RepairStep[] = [];
  const unBommed = stripBom(raw);
  if (unBommed !== raw) repairs.push(REPAIR.bom);
  const fenced = stripFences(unBommed);
  const texts: Array<[string, RepairStep[]]> = [[unBommed, repairs]];
  // The fenced body first; the whole text still gets a try in case the fence held an example.
  if (fenced !== undefined) texts.unshift([fenced, [...repairs, REPAIR.fence]]);
  for (const [text, steps] of texts) {
    const result = repairText(text, schema, steps, errors);
    if (result) return result;
  }
  return failure(raw, errors.best());
}

function repairText<T>(
  text: string,
  schema: z.ZodType<T>,
  steps: RepairStep[],
  errors: ErrorLog,
): RepairResult<T> | undefined {
  if (firstBracket(text, 0) < 0) {
    errors.parse('no JSON object or array in the answer');
    return undefined;
  }
  let from = 0;
  let log: ErrorLog = errors;
  for (let tries = 0; tries < MAX_STARTS; tries += 1) {
    const start = firstBracket(text, from);
    if (start < 0) break;
    const attempt = repairFrom(text, start, schema, steps, log);
    if (attempt.result) return attempt.result;
    // Starts inside a JSON text that never closed are long shots: if one works, good,
    // but its failure would only hide why the outer text failed.
    if (!attempt.closed) log = new ErrorLog();
    from = attempt.next;
  }
  return undefined;
}

function firstBracket(text: string, from: number): number {
  const brace = text.indexOf('{', from);
  const bracket = text.indexOf('[', from);
  if (brace < 0) return bracket;
  return bracket < 0 ? brace : Math.min(brace, bracket);
}

interface Attempt<T> {
  result: RepairResult<T> | undefined;
  closed: boolean;
  /** Where to look for the next candidate start. */
  next: number;
}

function repairFrom<T>(
  text: string,
  start: number,
  schema: z.ZodType<T>,
  baseSteps: RepairStep[],
  errors: ErrorLog,
): Attempt<T> {
  const scan = scanJson(text, start);
  const steps = [...baseSteps];
  if (text.slice(0, start).trim()) steps.push(REPAIR.cutBefore);
  if (scan.closed && text.slice(scan.end).trim()) steps.push(REPAIR.cutAfter);
  steps.push(...SCAN_REPAIR_ORDER.filter((step) => scan.repairs.has(step)));
  if (scan.closed) {
    return { result: finish(scan.out, schema, steps, errors), closed: true, next: scan.end };
  }
  const next = start + 1;
  errors.parse(
    'invalid JSON: it ends before its brackets close, and no way of closing it validates',
  );
  for (const candidate of closingCandidates(scan)) {
    const closing = candidate.dropped
      ? [REPAIR.closedTruncated, REPAIR.droppedPartial]
      : [REPAIR.closedTruncated];
    const result = finish(candidate.text, schema, [...steps, ...closing], errors);
    if (result) return { result, closed: false, next };
  }
  return { result: undefined, closed: false, next };
}

function finish<T>(
  json: string,
  schema: z.ZodType<T>,
  steps: RepairStep[],
  errors: ErrorLog,
): RepairResult<T> | undefined {
  const parsed = parse(json);
  if (!parsed.ok) {
    errors.parse(parsed.error);
    return undefined;
  }
  const checked = validate(parsed.value, schema);
  if (!checked.ok) {
    errors.schema(checked.error);
    return undefined;
  }
  return success(checked.value, [...steps, ...checked.repairs]);
}

type Parsed = { ok: true; value: unknown } | { ok: false; error: string };

function parse(json: string): Parsed {
  try {
    return { ok: true, value: JSON.parse(json) as unknown };
  } catch (err) {
    return { ok: false, error: `invalid JSON: ${describeError(err)}` };
  }
}

/** Keeps the most useful failure: an answer that parsed but did not fit beats unparsable text. */
class ErrorLog {
  private firstSchema: string | undefined;
  private firstParse: string | undefined;

  schema(message: string): void {
    this.firstSchema ??= message;
  }

  parse(message: string): void {
    this.firstParse ??= message;
  }

  best(): string {
    return this.firstSchema ?? this.firstParse ?? 'no usable answer';
  }
}

function success<T>(value: T, steps: RepairStep[]): RepairResult<T> {
  return { ok: true, value, repairs: [...new Set(steps)] };
}

function failure(raw: string, error: string): { ok: false; summary_raw: string; error: string } {
  return { ok: false, summary_raw: capRaw(typeof raw === 'string' ? raw : printable(raw)), error };
}

function stringify(value: unknown): string {
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return printable(value);
  }
}

/** String() itself throws for null-prototype objects; the fallback must not. */
function printable(value: unknown): string {
  try {
    return String(value);
  } catch {
    return Object.prototype.toString.call(value);
  }
}

function describeError(err: unknown): string {
  return err instanceof Error ? err.message : printable(err);
}
