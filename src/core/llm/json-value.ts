/**
 * Plain JSON values. Prompts and request bodies are built from these so they can
 * be serialised, recorded and compared without surprises (no undefined, no classes).
 */
export type JsonValue = null | boolean | number | string | JsonValue[] | JsonObject;
export interface JsonObject {
  [key: string]: JsonValue;
}

/** A JSON Schema document, kept as plain JSON. */
export type JsonSchema = JsonObject;

/** True for a non-null, non-array object: the only shape we read fields from. */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
