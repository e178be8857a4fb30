import { createHash } from 'node:crypto';

/**
 * Safe embedding of data and code in one HTML file. JSON goes into a
 * `<script type="application/json">`, where `<`, `>` and `&` are written as
 * \u escapes: no text field (a criterion question, an agent id) can close
 * the element or open a comment, and JSON.parse reads the same value back.
 */
export function jsonForScript(value: unknown): string {
  return JSON.stringify(value)
    .replaceAll('<', '\\u003c')
    .replaceAll('>', '\\u003e')
    .replaceAll('&', '\\u0026')
    .replaceAll('\u2028', '\\u2028')
    .replaceAll('\u2029', '\\u2029');
}

/**
 * Library code inlined in a `<script>`: a literal `</script` would end the
 * element early, `<!--` would switch the parser into a comment-like mode.
 * Both only occur inside strings or regexes in JavaScript, where the escaped
 * forms mean the same.
 */
export function scriptSafe(code: string): string {
  return code.replace(/<\/(script)/gi, '<\\/$1').replaceAll('<!--', '<\\!--');
}

export function escapeHtml(text: string): string {
  return text
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;')
    .replaceAll("'", '&#39;');
}

/** The CSP source for an inline script, so only the scripts we wrote can run. */
export function scriptHash(code: string): string {
  return `'sha256-${createHash('sha256').update(code, 'utf8').digest('base64')}'`;
}
