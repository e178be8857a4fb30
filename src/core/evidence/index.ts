export {
  normaliseText,
  normalisedWords,
  type NormalisedText,
  type SourceWord,
} from './normalise.js';
export { sameWord, levenshtein, NEGATIONS, PII_WORD } from './word-similarity.js';
export { findAlignments, allowedErrors, type Alignment } from './align.js';
export {
  buildTranscriptIndex,
  wordTimeMs,
  type TranscriptIndex,
  type IndexedSegment,
} from './transcript-index.js';
export { findPhrase, speakerMatches, type PhraseMatch } from './find-phrase.js';
export {
  checkCriterionRules,
  checkEvidenceRule,
  searchPhrase,
  type CriterionRuleCheck,
  type PhraseSearch,
  type RuleCheck,
} from './check-rules.js';
export { findQuote, type QuoteMatch } from './find-quote.js';
