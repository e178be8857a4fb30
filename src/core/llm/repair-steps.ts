/**
 * Names of the repair steps, as recorded in RepairResult.repairs. Stable strings:
 * they end up in logs and result metadata, where they say how broken answers were.
 */
export const REPAIR = {
  bom: 'stripped byte-order mark',
  fence: 'removed markdown code fence',
  controlChars: 'removed control characters',
  rawWhitespace: 'escaped raw line breaks or tabs inside strings',
  cutBefore: 'cut text before the JSON',
  cutAfter: 'cut text after the JSON',
  smartQuotes: 'converted smart quotes used as JSON quotes',
  singleQuotes: 'converted single-quoted strings',
  strayQuotes: 'escaped stray quotes inside strings',
  invalidEscapes: 'fixed invalid escape sequences',
  trailingCommas: 'removed trailing or doubled commas',
  bareKeys: 'quoted bare keys',
  pythonLiterals: 'converted True/False/None',
  closedTruncated: 'closed truncated JSON',
  droppedPartial: 'dropped incomplete trailing value',
  wrappedArray: 'wrapped bare criteria array',
  unwrappedQaEvaluation: 'unwrapped qa_evaluation wrapper',
  renamedAiSummary: 'renamed ai_summary to summary',
  unwrappedToolCall: 'unwrapped tool-call envelope',
  parsedStringFields: 'parsed fields given as JSON strings',
} as const;

export type RepairStep = (typeof REPAIR)[keyof typeof REPAIR];

/** Order in which scanner findings are reported, whatever order they were met in. */
export const SCAN_REPAIR_ORDER: readonly RepairStep[] = [
  REPAIR.controlChars,
  REPAIR.rawWhitespace,
  REPAIR.smartQuotes,
  REPAIR.singleQuotes,
  REPAIR.strayQuotes,
  REPAIR.invalidEscapes,
  REPAIR.trailingCommas,
  REPAIR.bareKeys,
  REPAIR.pythonLiterals,
];
