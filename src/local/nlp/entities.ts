import type { FoundEntity } from './wink-engine.js';

/**
 * Entities found by the local libraries, in Comprehend's types (PERSON,
 * LOCATION, ORGANIZATION, COMMERCIAL_ITEM, EVENT, DATE, QUANTITY, TITLE, OTHER),
 * deduplicated, never holding a redaction marker.
 */

export interface ResultEntity {
  Text: string;
  Type: string;
  Score: number;
}

const TYPE_MAP: Readonly<Record<string, string>> = {
  DATE: 'DATE',
  TIME: 'DATE',
  DURATION: 'QUANTITY',
  MONEY: 'QUANTITY',
  CARDINAL: 'QUANTITY',
  ORDINAL: 'QUANTITY',
  PERCENT: 'QUANTITY',
  PERSON: 'PERSON',
  PLACE: 'LOCATION',
  ORGANIZATION: 'ORGANIZATION',
  EMAIL: 'OTHER',
  URL: 'OTHER',
  HASHTAG: 'OTHER',
  MENTION: 'OTHER',
};

/** Emoji and the like are not entities of a phone call. */
const DROPPED_TYPES = new Set(['EMOJI', 'EMOTICON']);

/** Rule-based numbers and dates are reliable; name guesses on lowercase speech less so. */
const SCORE: Record<FoundEntity['source'], number> = { wink: 0.9, compromise: 0.7 };

const HAS_NUMBER =
  /\d|\b(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|twenty|thirty|forty|fifty|hundred|thousand|a few|several|couple)\b/i;

export function toResultEntities(found: readonly FoundEntity[]): ResultEntity[] {
  const out: ResultEntity[] = [];
  const seen = new Set<string>();
  for (const entity of found) {
    const mapped = mapEntity(entity);
    if (!mapped) continue;
    const key = `${mapped.Type}:${mapped.Text.toLowerCase()}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(mapped);
  }
  return out;
}

function mapEntity(entity: FoundEntity): ResultEntity | undefined {
  if (DROPPED_TYPES.has(entity.type)) return undefined;
  const text = entity.text
    .replace(/^[^\p{L}\p{N}£$€]+|[^\p{L}\p{N}%]+$/gu, '')
    .replace(/\s+/g, ' ');
  if (!text || /\bpii\b/i.test(text)) return undefined;
  // "day" in "have a nice day" is a duration to wink; without a number it is not a quantity.
  if (entity.type === 'DURATION' && !HAS_NUMBER.test(text)) return undefined;
  return { Text: text, Type: TYPE_MAP[entity.type] ?? 'OTHER', Score: SCORE[entity.source] };
}
