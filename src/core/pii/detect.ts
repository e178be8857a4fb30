import { detectAddresses } from './detectors/address.js';
import { detectCards } from './detectors/card.js';
import { buildContext, type Detector } from './detectors/context.js';
import { detectDatesOfBirth } from './detectors/date-of-birth.js';
import { detectEmails } from './detectors/email.js';
import { detectNames } from './detectors/name.js';
import { detectPhones } from './detectors/phone.js';
import { detectPostcodes } from './detectors/postcode.js';
import { detectSsns } from './detectors/ssn.js';
import { addDisjoint, mergeAdjacent, resolveOverlaps } from './resolve.js';
import { MASK_CHAR } from './tokenize.js';
import { PII_TYPES, type PiiSpan, type PiiType, type RedactOptions } from './types.js';

const DETECTORS: Readonly<Record<PiiType, Detector>> = {
  CREDIT_DEBIT_NUMBER: detectCards,
  PHONE: detectPhones,
  EMAIL: detectEmails,
  SSN: detectSsns,
  POSTCODE: detectPostcodes,
  ADDRESS: detectAddresses,
  DATE_OF_BIRTH: detectDatesOfBirth,
  NAME: detectNames,
};

/** Bound on re-check passes; each pass only adds spans, so this is rarely reached. */
const MAX_RECHECKS = 3;

/**
 * Finds PII entities: non-overlapping spans, sorted by start. After the first
 * pass the found spans are masked and the text re-checked, because redacting
 * one entity can expose another (a date cut off the front of a digit run leaves
 * a run that is itself a card number). That keeps redaction idempotent: running
 * it over its own output finds nothing new. Names are not re-checked: their
 * detector does not depend on neighbouring digits.
 */
export function detectPii(text: string, options: RedactOptions = {}): PiiSpan[] {
  const types = options.types ?? PII_TYPES;
  let spans = mergeAdjacent(text, resolveOverlaps(runDetectors(text, types)));
  const recheckTypes = types.filter((t) => t !== 'NAME');
  for (let pass = 0; pass < MAX_RECHECKS && recheckTypes.length > 0; pass++) {
    const extra = resolveOverlaps(runDetectors(mask(text, spans), recheckTypes));
    const added = addDisjoint(spans, extra);
    if (added.length === spans.length) break;
    spans = mergeAdjacent(text, added);
  }
  return spans;
}

function runDetectors(text: string, types: readonly PiiType[]): PiiSpan[] {
  const ctx = buildContext(text);
  return [...new Set(types)].flatMap((type) => DETECTORS[type](ctx));
}

/** The text as a second redaction pass would see it, with offsets unchanged. */
function mask(text: string, spans: readonly PiiSpan[]): string {
  let out = '';
  let at = 0;
  for (const s of spans) {
    out += text.slice(at, s.start) + MASK_CHAR.repeat(s.end - s.start);
    at = s.end;
  }
  return out + text.slice(at);
}
