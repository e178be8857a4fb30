import {
  DuckDBTypeId,
  arrayFromArrayValue,
  arrayFromListValue,
  dateFromTimestampMillisecondsValue,
  dateFromTimestampNanosecondsValue,
  dateFromTimestampSecondsValue,
  dateFromTimestampTZValue,
  dateFromTimestampValue,
  objectFromStructValue,
  type DuckDBValue,
  type DuckDBValueConverter,
} from '@duckdb/node-api';

/** A query cell as callers see it: plain JSON values, nothing DuckDB-specific. */
export type QueryValue = string | number | boolean | null | QueryValue[] | QueryObject;
export interface QueryObject {
  [key: string]: QueryValue;
}

/**
 * DuckDB's JS conversion with the edges made JSON-friendly: integers of any width
 * become numbers (counts never approach 2^53), DATE becomes `YYYY-MM-DD`,
 * timestamps become ISO strings, and anything without a JS twin (intervals,
 * times, blobs) becomes its DuckDB text. Lists and structs recurse through
 * this converter so nested values get the same treatment.
 */
export const queryValueConverter: DuckDBValueConverter<QueryValue> = (value, type, self) => {
  if (value === null || value === undefined) return null;
  switch (type.typeId) {
    case DuckDBTypeId.TINYINT:
    case DuckDBTypeId.SMALLINT:
    case DuckDBTypeId.INTEGER:
    case DuckDBTypeId.BIGINT:
    case DuckDBTypeId.HUGEINT:
    case DuckDBTypeId.UTINYINT:
    case DuckDBTypeId.USMALLINT:
    case DuckDBTypeId.UINTEGER:
    case DuckDBTypeId.UBIGINT:
    case DuckDBTypeId.UHUGEINT:
    case DuckDBTypeId.FLOAT:
    case DuckDBTypeId.DOUBLE:
    case DuckDBTypeId.DECIMAL:
      return Number(typeof value === 'object' ? value.toString() : value);
    case DuckDBTypeId.BOOLEAN:
      return value === true;
    case DuckDBTypeId.VARCHAR:
    case DuckDBTypeId.ENUM:
    case DuckDBTypeId.UUID:
    case DuckDBTypeId.DATE:
      return String(value);
    case DuckDBTypeId.TIMESTAMP:
      return timestampText(value, dateFromTimestampValue);
    case DuckDBTypeId.TIMESTAMP_S:
      return timestampText(value, dateFromTimestampSecondsValue);
    case DuckDBTypeId.TIMESTAMP_MS:
      return timestampText(value, dateFromTimestampMillisecondsValue);
    case DuckDBTypeId.TIMESTAMP_NS:
      return timestampText(value, dateFromTimestampNanosecondsValue);
    case DuckDBTypeId.TIMESTAMP_TZ:
      return timestampText(value, dateFromTimestampTZValue);
    case DuckDBTypeId.LIST:
      return arrayFromListValue(value, type, self);
    case DuckDBTypeId.ARRAY:
      return arrayFromArrayValue(value, type, self);
    case DuckDBTypeId.STRUCT:
      return objectFromStructValue(value, type, self);
    default:
      return String(value);
  }
};

/** ISO 8601 in UTC; infinite or out-of-range timestamps keep DuckDB's text. */
function timestampText(value: DuckDBValue, toDate: (value: DuckDBValue) => Date): string {
  try {
    const date = toDate(value);
    if (!Number.isNaN(date.getTime())) return date.toISOString();
  } catch {
    // infinity and dates JS cannot hold: fall through to DuckDB's own text
  }
  return String(value);
}
