/** The token Transcribe (and the local redactor) writes in place of redacted PII. */
export const PII_TOKEN = '[PII]';

/** Collapses runs of whitespace (including newlines) and trims. */
export function normaliseText(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

/** True for tokens made only of punctuation, which attach to the previous word. */
export function isPunctuationToken(token: string): boolean {
  return /^\p{P}+$/u.test(token.trim());
}

/** Joins tokens with spaces, attaching punctuation-only tokens without one. */
export function joinTokens(tokens: readonly string[]): string {
  let out = '';
  for (const raw of tokens) {
    const token = normaliseText(raw);
    if (token === '') continue;
    out = out === '' || isPunctuationToken(token) ? out + token : `${out} ${token}`;
  }
  return out;
}

export function containsPiiToken(text: string): boolean {
  return text.includes(PII_TOKEN);
}
