/**
 * PII entity types. Names follow Amazon Transcribe's PII entity types where one
 * exists, so locally and remotely redacted results read the same; POSTCODE and
 * DATE_OF_BIRTH are our own additions.
 */
export const PII_TYPES = [
  'CREDIT_DEBIT_NUMBER',
  'PHONE',
  'EMAIL',
  'SSN',
  'POSTCODE',
  'ADDRESS',
  'DATE_OF_BIRTH',
  'NAME',
] as const;
export type PiiType = (typeof PII_TYPES)[number];

/** One detected entity: character offsets into the text it was found in. */
export interface PiiSpan {
  type: PiiType;
  start: number;
  end: number;
}

export interface RedactOptions {
  /** Types to detect; default all. */
  types?: readonly PiiType[];
}

export interface RedactionResult {
  text: string;
  counts: Partial<Record<PiiType, number>>;
  total: number;
}

/** What Amazon Transcribe writes in place of a redacted entity. */
export const PII_MARKER = '[PII]';
