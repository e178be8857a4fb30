import { describe, expect, it } from 'vitest';
import { csvField, rlsRulesCsv } from '../../../src/aws/quicksight/rls-csv.js';

describe('rlsRulesCsv', () => {
  it('dedupes and sorts the rules under the header', () => {
    expect(
      rlsRulesCsv([
        { UserName: 'b@x.io', tenant_id: 't1' },
        { UserName: 'a@x.io', tenant_id: 't2' },
        { UserName: 'b@x.io', tenant_id: 't1' },
      ]),
    ).toBe('UserName,tenant_id\na@x.io,t2\nb@x.io,t1\n');
  });

  it('drops a rule without a tenant: an empty value would grant every tenant', () => {
    expect(rlsRulesCsv([{ UserName: 'a@x.io', tenant_id: ' ' }])).toBe('UserName,tenant_id\n');
  });

  it('quotes separators, quotes, backslashes and line breaks', () => {
    expect(csvField('plain@x.io')).toBe('plain@x.io');
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('a\\b')).toBe('"a\\\\b"');
    expect(csvField('a\nb')).toBe('"a\nb"');
  });
});
