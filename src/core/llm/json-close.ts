import type { OpenContainer, ScanResult } from './json-scan.js';

/**
 * Ways to close a JSON text that stopped early (the model ran out of tokens),
 * most faithful first. Each is only a candidate: the caller keeps the first one
 * that parses and validates, so a closing that loses required data is never used.
 */

export interface ClosingCandidate {
  text: string;
  /** True when part of the text was dropped rather than only closed. */
  dropped: boolean;
}

/** Ids must not be cut short: a closed `"greet_0` would name another criterion. */
const IDENTIFIER_KEY = /^(?:id|.*_id)$/i;
const DANGLING_KEY = /"(?:[^"\\]|\\.)*"\s*:\s*$/;
const KEY_LOOKBACK = 512;
const MAX_DROPPED_LEVELS = 6;

export function closingCandidates(scan: ScanResult): ClosingCandidate[] {
  const candidates: ClosingCandidate[] = [];
  const closeAll = closers(scan.stack);
  const s = scan.inString;
  if (s && s.role === 'value' && !IDENTIFIER_KEY.test(s.key ?? '')) {
    candidates.push({ text: `${scan.out}"${closeAll}`, dropped: false });
  }
  const kept = scan.out.slice(0, scan.lastSafe);
  candidates.push({ text: kept + closeAll, dropped: kept.trimEnd() !== scan.out.trimEnd() });
  // Then drop the innermost incomplete container, then the next one out, and so on:
  // only a few levels, as answers are shallow and hostile input can nest deeply.
  const shallowest = Math.max(1, scan.stack.length - MAX_DROPPED_LEVELS);
  for (let depth = scan.stack.length - 1; depth >= shallowest; depth -= 1) {
    const container = scan.stack[depth];
    const parent = scan.stack[depth - 1];
    if (!container || !parent) continue;
    const cut = dropDangling(scan.out.slice(0, container.outStart), parent);
    candidates.push({ text: cut + closers(scan.stack.slice(0, depth)), dropped: true });
  }
  return dedupe(candidates);
}

function closers(stack: readonly OpenContainer[]): string {
  return stack
    .map((c) => (c.kind === '{' ? '}' : ']'))
    .reverse()
    .join('');
}

/** After cutting a value off, the comma or `"key":` that led to it must go too. */
function dropDangling(text: string, parent: OpenContainer): string {
  let cut = text.trimEnd();
  if (parent.kind === '{') {
    // Keys are short; looking at the tail only keeps this linear on hostile input.
    const tailStart = Math.max(0, cut.length - KEY_LOOKBACK);
    cut = cut.slice(0, tailStart) + cut.slice(tailStart).replace(DANGLING_KEY, '');
    cut = cut.trimEnd();
  }
  if (cut.endsWith(',')) cut = cut.slice(0, -1);
  return cut;
}

function dedupe(candidates: ClosingCandidate[]): ClosingCandidate[] {
  const seen = new Set<string>();
  return candidates.filter((c) => !seen.has(c.text) && seen.add(c.text));
}
