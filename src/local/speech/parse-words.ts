/** A word as pocketsphinx timed it, fillers removed. */
export interface RecognisedWord {
  text: string;
  beginMs: number;
  endMs: number;
  /** Posterior probability 0..1, as pocketsphinx prints it. */
  confidence: number;
  /** Which utterance (stretch of speech between pauses, as pocketsphinx cut them) it belongs to. */
  utterance: number;
}

/** `word start end posterior`, times in seconds from the start of the file. */
const WORD_LINE = /^(\S+) (\d+(?:\.\d+)?) (\d+(?:\.\d+)?) (-?\d+(?:\.\d+)?(?:e[-+]?\d+)?)$/i;

/**
 * Reads `pocketsphinx_continuous -time yes` output: for each utterance a line
 * with the hypothesis, then one line per word. Sentence markers, silences and
 * noise fillers (`<s>`, `</s>`, `<sil>`, `[NOISE]`, `++BREATH++`) are dropped,
 * and alternative pronunciations (`for(2)`) become the plain word.
 */
export function parsePocketsphinxWords(stdout: string): RecognisedWord[] {
  const words: RecognisedWord[] = [];
  let utterance = -1;
  for (const line of stdout.split('\n')) {
    const m = WORD_LINE.exec(line.trim());
    if (!m) continue;
    // Every utterance's word list opens with the sentence-start marker.
    if (m[1] === '<s>') utterance++;
    const text = baseWord(m[1] ?? '');
    if (text === undefined) continue;
    const beginMs = Math.round(Number(m[2]) * 1000);
    const endMs = Math.max(beginMs, Math.round(Number(m[3]) * 1000));
    words.push({
      text,
      beginMs,
      endMs,
      confidence: clamp01(Number(m[4])),
      utterance: Math.max(0, utterance),
    });
  }
  return words;
}

function baseWord(token: string): string | undefined {
  if (/^<.*>$/.test(token) || /^\[.*\]$/.test(token) || /^\+\+.*\+\+$/.test(token)) {
    return undefined;
  }
  const word = token.replace(/\(\d+\)$/, '').toLowerCase();
  return word === '' ? undefined : word;
}

function clamp01(value: number): number {
  if (!Number.isFinite(value)) return 0;
  return Math.min(1, Math.max(0, value));
}
