import { REPAIR, type RepairStep } from './repair-steps.js';

/**
 * A forgiving, string-aware pass over model output that starts at a `{` or `[`
 * and rewrites it into strict JSON where the intent is unambiguous: control
 * characters, raw line breaks in strings, smart or single quotes used as JSON
 * quotes, stray quotes inside strings, trailing commas, bare keys, Python
 * literals. It stops where the root value closes (so trailing prose is left
 * out) and, when the text ends first, reports enough state to close it.
 * It never recurses, so deeply nested input cannot overflow the stack.
 */

type Expect = 'key' | 'colon' | 'value' | 'comma';

export interface OpenContainer {
  kind: '{' | '[';
  /** Where the container starts in `out`, to drop it whole when it is incomplete. */
  outStart: number;
  expect: Expect;
  /** A comma was read and not yet written: it is only written once a value follows. */
  afterComma: boolean;
}

export interface OpenString {
  role: 'key' | 'value';
  /** The key this string is the value of, when it is one. */
  key: string | undefined;
}

export interface ScanResult {
  /** The rewritten JSON text, up to where the scan stopped. */
  out: string;
  /** Index in the source just past the root's closing bracket (source length if never closed). */
  end: number;
  closed: boolean;
  repairs: Set<RepairStep>;
  /** Containers still open when the source ended, outermost first. */
  stack: OpenContainer[];
  inString: OpenString | undefined;
  /** Length of `out` at the last point where closing the open containers gives valid JSON. */
  lastSafe: number;
}

const DOUBLE_SMART_QUOTES = '“”„‟';
const WHITESPACE = ' \t\n\r';
const TOKEN_CHAR = /[A-Za-z0-9_+\-.$]/;
const SIMPLE_ESCAPES = '"\\/bfnrt';
const VALUE_START_AFTER_COMMA = /["'{}[\],\-0-9“”„]/;
const LITERAL_AFTER_COMMA = /^(?:true|false|null|True|False|None)(?![A-Za-z])/;
const PYTHON_LITERALS: Record<string, string> = { True: 'true', False: 'false', None: 'null' };
const RAW_WHITESPACE_ESCAPES: Record<string, string> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' };

interface StringState extends OpenString {
  /** Characters that may close this string. */
  closers: string;
  /** Where the content starts in the source (slicing `out`, a rope, would copy it all). */
  srcStart: number;
}

class JsonScanner {
  private out = '';
  private i: number;
  private readonly stack: OpenContainer[] = [];
  private str: StringState | undefined;
  private lastKey: string | undefined;
  private lastSafe = 0;
  private closed = false;
  private readonly repairs = new Set<RepairStep>();

  constructor(
    private readonly src: string,
    start: number,
  ) {
    this.i = start;
  }

  run(): ScanResult {
    while (this.i < this.src.length && !this.closed) {
      if (this.str) this.stepInString();
      else this.stepOutside();
    }
    const inString = this.str ? { role: this.str.role, key: this.str.key } : undefined;
    return {
      out: this.out,
      end: this.closed ? this.i : this.src.length,
      closed: this.closed,
      repairs: this.repairs,
      stack: this.stack,
      inString,
      lastSafe: this.lastSafe,
    };
  }

  private get top(): OpenContainer | undefined {
    return this.stack[this.stack.length - 1];
  }

  private stepOutside(): void {
    const c = this.src.charAt(this.i);
    if (WHITESPACE.includes(c)) {
      this.out += c;
      this.i += 1;
    } else if (c === '"' || c === "'" || DOUBLE_SMART_QUOTES.includes(c)) {
      this.openString(c);
    } else if (c === '{' || c === '[') {
      this.openContainer(c);
    } else if (c === '}' || c === ']') {
      this.closeContainer(c);
    } else if (c === ',') {
      this.comma();
    } else if (c === ':') {
      this.out += ':';
      if (this.top) this.top.expect = 'value';
      this.i += 1;
    } else if (TOKEN_CHAR.test(c)) {
      this.token();
    } else if (isJunkControl(c)) {
      this.repairs.add(REPAIR.controlChars);
      this.i += 1;
    } else {
      // Not JSON and not a slip we know how to fix: keep it and let the parser say so.
      this.out += c;
      this.i += 1;
    }
  }

  private openString(quote: string): void {
    const top = this.top;
    const role = top?.kind === '{' && top.expect === 'key' ? 'key' : 'value';
    if (quote === "'") this.repairs.add(REPAIR.singleQuotes);
    else if (quote !== '"') this.repairs.add(REPAIR.smartQuotes);
    const closers = quote === '"' || quote === "'" ? quote : DOUBLE_SMART_QUOTES;
    const key = role === 'value' && top?.kind === '{' ? this.lastKey : undefined;
    this.flushComma();
    this.out += '"';
    this.i += 1;
    this.str = { role, key, closers, srcStart: this.i };
  }

  private stepInString(): void {
    const str = this.str;
    if (!str) return;
    const c = this.src.charAt(this.i);
    if (c === '\\') {
      this.escape();
    } else if (str.closers.includes(c)) {
      if (this.isClosingQuote()) this.closeString(str);
      else this.strayQuote(c);
    } else if (c === '"') {
      // A straight quote inside a string delimited by other quotes is content.
      this.out += '\\"';
      this.i += 1;
    } else if (c in RAW_WHITESPACE_ESCAPES) {
      this.repairs.add(REPAIR.rawWhitespace);
      this.out += RAW_WHITESPACE_ESCAPES[c];
      this.i += 1;
    } else if (c < ' ') {
      this.repairs.add(REPAIR.controlChars);
      this.i += 1;
    } else {
      this.out += c;
      this.i += 1;
    }
  }

  /** A quote that does not end its string is content; only a straight one needs escaping. */
  private strayQuote(c: string): void {
    if (c === '"') this.repairs.add(REPAIR.strayQuotes);
    this.out += c === '"' ? '\\"' : c;
    this.i += 1;
  }

  private escape(): void {
    const next = this.src.charAt(this.i + 1);
    if (next === '') {
      // A lone backslash at the very end is half an escape cut off by truncation.
      this.i += 1;
    } else if (SIMPLE_ESCAPES.includes(next)) {
      this.out += `\\${next}`;
      this.i += 2;
    } else if (next === 'u') {
      this.unicodeEscape();
    } else if (next in RAW_WHITESPACE_ESCAPES) {
      this.repairs.add(REPAIR.invalidEscapes);
      this.out += RAW_WHITESPACE_ESCAPES[next];
      this.i += 2;
    } else {
      this.repairs.add(REPAIR.invalidEscapes);
      // \' is a JavaScript-ism for a plain apostrophe; anything else keeps its backslash.
      this.out += next === "'" ? "'" : `\\\\${next}`;
      this.i += 2;
    }
  }

  private unicodeEscape(): void {
    const hex = this.src.slice(this.i + 2, this.i + 6);
    if (/^[0-9a-fA-F]{4}$/.test(hex)) {
      this.out += `\\u${hex}`;
      this.i += 6;
    } else if (this.i + 2 + hex.length >= this.src.length && /^[0-9a-fA-F]*$/.test(hex)) {
      // Cut off mid-escape by truncation: drop the partial escape.
      this.i = this.src.length;
    } else {
      this.repairs.add(REPAIR.invalidEscapes);
      this.out += '\\\\u';
      this.i += 2;
    }
  }

  /**
   * A quote ends the string only when what follows could follow a string in JSON.
   * Valid JSON always passes this test, so it only changes already broken text.
   */
  private isClosingQuote(): boolean {
    const j = skipWhitespace(this.src, this.i + 1);
    const next = this.src.charAt(j);
    if (next === '' || next === ':' || next === '}' || next === ']') return true;
    if (next !== ',') return false;
    const k = skipWhitespace(this.src, j + 1);
    const afterComma = this.src.charAt(k);
    if (afterComma === '' || VALUE_START_AFTER_COMMA.test(afterComma)) return true;
    // `"no refunds", twice"` must not end at `,` just because "twice" starts with a t.
    return LITERAL_AFTER_COMMA.test(this.src.slice(k, k + 6));
  }

  private closeString(str: StringState): void {
    const content = str.role === 'key' ? this.src.slice(str.srcStart, this.i) : '';
    this.out += '"';
    this.i += 1;
    this.str = undefined;
    if (str.role === 'key') {
      this.lastKey = content;
      if (this.top) this.top.expect = 'colon';
    } else {
      this.afterValue(true);
    }
  }

  private openContainer(kind: '{' | '['): void {
    this.flushComma();
    this.stack.push({
      kind,
      outStart: this.out.length,
      expect: kind === '{' ? 'key' : 'value',
      afterComma: false,
    });
    this.out += kind;
    this.i += 1;
    this.lastSafe = this.out.length;
  }

  private closeContainer(c: '}' | ']'): void {
    const top = this.top;
    if (!top || (top.kind === '{') !== (c === '}')) {
      // Mismatched bracket: not a slip we can fix safely.
      this.out += c;
      this.i += 1;
      return;
    }
    // The comma was held back (see comma()), so a trailing one is simply never written.
    if (top.afterComma) this.repairs.add(REPAIR.trailingCommas);
    this.stack.pop();
    this.out += c;
    this.i += 1;
    if (this.stack.length === 0) {
      this.closed = true;
      this.lastSafe = this.out.length;
    } else {
      this.afterValue(true);
    }
  }

  private comma(): void {
    const top = this.top;
    this.i += 1;
    if (top?.afterComma || top?.expect === 'key' || top?.expect === 'value') {
      // A comma where a value or key should start ([1,,2] or {,"a":1}) carries nothing.
      this.repairs.add(REPAIR.trailingCommas);
      return;
    }
    // Held back until a value or key follows, so a trailing comma costs nothing to drop.
    if (top) {
      top.expect = top.kind === '{' ? 'key' : 'value';
      top.afterComma = true;
    }
  }

  private flushComma(): void {
    const top = this.top;
    if (!top?.afterComma) return;
    this.out += ',';
    top.afterComma = false;
  }

  private token(): void {
    let j = this.i;
    while (j < this.src.length && TOKEN_CHAR.test(this.src.charAt(j))) j += 1;
    const word = this.src.slice(this.i, j);
    const atEnd = j >= this.src.length;
    this.i = j;
    const top = this.top;
    this.flushComma();
    if (top?.kind === '{' && top.expect === 'key') {
      this.repairs.add(REPAIR.bareKeys);
      this.out += JSON.stringify(word);
      this.lastKey = word;
      top.expect = 'colon';
      return;
    }
    const literal = PYTHON_LITERALS[word];
    if (literal) this.repairs.add(REPAIR.pythonLiterals);
    this.out += literal ?? word;
    // A word cut off by the end of the text (`tru`, `7` of `73`) is not a safe place to stop.
    this.afterValue(!atEnd);
  }

  private afterValue(safe: boolean): void {
    if (this.top) this.top.expect = 'comma';
    if (safe) this.lastSafe = this.out.length;
  }
}

function skipWhitespace(text: string, from: number): number {
  let j = from;
  while (j < text.length && WHITESPACE.includes(text.charAt(j))) j += 1;
  return j;
}

/** C0 controls other than JSON whitespace, DEL, and a BOM that is not at the start. */
function isJunkControl(c: string): boolean {
  return c < ' ' || c === '\u007f' || c === '\ufeff';
}

/** Scans from `start`, which must be the index of a `{` or `[` in `src`. */
export function scanJson(src: string, start: number): ScanResult {
  return new JsonScanner(src, start).run();
}
