import { readFileSync } from 'node:fs';

/** The PII facts a sample call script says aloud (samples/scripts/<id>.json). */
export interface ScriptPii {
  type: string;
  value: string;
  /** Digits of a card or phone number. */
  digits?: string;
  /** Words that must never appear (surname, street name, e-mail local part). */
  leak_terms?: string[];
}

export function scriptPii(scriptFile: string): ScriptPii[] {
  const script = JSON.parse(readFileSync(scriptFile, 'utf8')) as { pii: ScriptPii[] };
  return script.pii;
}

const DIGIT_WORDS: Record<string, string> = {
  zero: '0',
  oh: '0',
  o: '0',
  one: '1',
  won: '1',
  two: '2',
  to: '2',
  too: '2',
  three: '3',
  four: '4',
  for: '4',
  five: '5',
  six: '6',
  seven: '7',
  eight: '8',
  ate: '8',
  nine: '9',
};

/** Runs of digits in a text, whether written as digits or as spoken digit words. */
export function digitRuns(text: string): string[] {
  const runs: string[] = [];
  let run = '';
  for (const token of text.toLowerCase().split(/[^a-z0-9]+/)) {
    const digits = /^\d+$/.test(token) ? token : DIGIT_WORDS[token];
    if (digits !== undefined) {
      run += digits;
    } else if (token !== '') {
      if (run !== '') runs.push(run);
      run = '';
    }
  }
  if (run !== '') runs.push(run);
  return runs;
}

/**
 * What of the scripted PII shows up in a text: a leak term as a word, or any
 * four consecutive digits of a card or phone number, in digits or in words.
 * Pass `digits: false` for JSON, whose times and ids are digits too.
 */
export function piiLeaks(
  text: string,
  pii: readonly ScriptPii[],
  options: { digits?: boolean; window?: number } = {},
): string[] {
  const window = options.window ?? 4;
  const lower = text.toLowerCase();
  const runs = digitRuns(lower);
  const leaks: string[] = [];
  for (const fact of pii) {
    for (const term of fact.leak_terms ?? []) {
      if (new RegExp(`(^|[^a-z])${term.replace(/[.]/g, '\\.')}($|[^a-z])`).test(lower)) {
        leaks.push(`${fact.type}: "${term}"`);
      }
    }
    const digits = options.digits === false ? '' : (fact.digits ?? '');
    for (let i = 0; i + window <= digits.length; i++) {
      const piece = digits.slice(i, i + window);
      if (runs.some((r) => r.includes(piece))) leaks.push(`${fact.type}: digits ${piece}`);
    }
  }
  return [...new Set(leaks)];
}
