import { userError } from '../errors.js';

/**
 * The call date is the UTC date of the object's time (S3 LastModified or the
 * event time): it decides the `<tenant>/YYYY/MM/DD/` partition of the result.
 */
export interface CallDateParts {
  /** `YYYY-MM-DD` */
  date: string;
  year: string;
  month: string;
  day: string;
}

export function callDateFrom(time: Date | string | number): CallDateParts {
  const d = time instanceof Date ? time : new Date(time);
  if (Number.isNaN(d.getTime())) {
    throw userError('INVALID_CALL_TIME', `Cannot read a date from ${JSON.stringify(time)}.`, {
      hint: 'Pass an ISO-8601 time such as 2025-11-05T10:15:00Z.',
    });
  }
  const date = d.toISOString().slice(0, 10);
  const [year = '', month = '', day = ''] = date.split('-');
  return { date, year, month, day };
}

/** Results key of guide §2: `<tenant>/YYYY/MM/DD/<call_id>.json`. */
export function resultKey(tenantId: string, callId: string, callDate: CallDateParts): string {
  return `${tenantId}/${callDate.year}/${callDate.month}/${callDate.day}/${callId}.json`;
}
