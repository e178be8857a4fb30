/** Cleanups on the raw model text before any JSON is looked for. */

export const SUMMARY_RAW_MAX_CHARS = 20_000;

const LEADING_BOMS = /^\ufeff+/;
// The info string is a bare word so that ```json{...}``` (no newline) still works.
const CLOSED_FENCE = /```[A-Za-z0-9_-]*[^\S\n]*\n?([\s\S]*?)```/g;
const OPEN_FENCE = /```[A-Za-z0-9_-]*[^\S\n]*\n?([\s\S]*)$/;

export function stripBom(text: string): string {
  return text.replace(LEADING_BOMS, '');
}

/**
 * The content of the first fenced block that holds JSON-looking text, or of an
 * opening fence never closed (a truncated answer); undefined when there is none.
 */
export function stripFences(text: string): string | undefined {
  if (!text.includes('```')) return undefined;
  for (const match of text.matchAll(CLOSED_FENCE)) {
    const body = match[1] ?? '';
    if (/[{[]/.test(body)) return body;
  }
  // An odd number of fences means the last one was opened and never closed.
  if (text.split('```').length % 2 === 1) return undefined;
  const lastFence = text.lastIndexOf('```');
  const open = OPEN_FENCE.exec(text.slice(lastFence));
  const body = open?.[1] ?? '';
  return /[{[]/.test(body) ? body : undefined;
}

/** The raw answer as kept for operators, cut at the cap without splitting a surrogate pair. */
export function capRaw(raw: string): string {
  if (raw.length <= SUMMARY_RAW_MAX_CHARS) return raw;
  const last = raw.charCodeAt(SUMMARY_RAW_MAX_CHARS - 1);
  const splitsPair = last >= 0xd800 && last <= 0xdbff;
  return raw.slice(0, splitsPair ? SUMMARY_RAW_MAX_CHARS - 1 : SUMMARY_RAW_MAX_CHARS);
}
