import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  assertTenantId,
  callDateFrom,
  deriveCallId,
  isValidJobName,
  isValidTenantId,
  resultKey,
} from '../../../src/core/ids/index.js';
import { CciError } from '../../../src/core/errors.js';

describe('tenant id', () => {
  it.each(['demo-tenant', 'ab', 'a1', '0tenant', 'a'.repeat(63)])('accepts %s', (id) => {
    expect(isValidTenantId(id)).toBe(true);
    expect(assertTenantId(id)).toBe(id);
  });

  it.each(['', 'a', '-abc', 'Demo', 'demo_tenant', 'demo tenant', 'a'.repeat(64), 'ümlaut', 'x/y'])(
    'rejects %j with a user error that explains the rule',
    (id) => {
      expect(isValidTenantId(id)).toBe(false);
      try {
        assertTenantId(id);
        expect.unreachable();
      } catch (err) {
        expect(err).toBeInstanceOf(CciError);
        const e = err as CciError;
        expect(e.code).toBe('INVALID_TENANT_ID');
        expect(e.fault).toBe('user');
        expect(e.exitCode).toBe(2);
        expect(e.hint).toMatch(/lowercase letters, digits and "-"/);
      }
    },
  );

  it('rejects non-strings', () => {
    expect(() => assertTenantId(42)).toThrow(CciError);
    expect(() => assertTenantId(undefined)).toThrow(/Invalid tenant id/);
  });
});

describe('call id', () => {
  it('is readable, deterministic and a valid Transcribe job name', () => {
    const id = deriveCallId('demo-tenant', 'demo-tenant/calls/test.wav');
    expect(id).toMatch(/^cci_demo-tenant_test_wav_[0-9a-f]{10}$/);
    expect(deriveCallId('demo-tenant', 'demo-tenant/calls/test.wav')).toBe(id);
    expect(isValidJobName(id)).toBe(true);
  });

  it('keeps keys that sanitise alike apart', () => {
    const keys = ['t1/calls/a b.wav', 't1/calls/a_b.wav', 't1/calls/a-b.wav', 't1/calls/a%b.wav'];
    const ids = keys.map((k) => deriveCallId('t1', k));
    expect(new Set(ids).size).toBe(keys.length);
  });

  it('differs between tenants for the same file name', () => {
    expect(deriveCallId('aa', 'aa/calls/x.wav')).not.toBe(deriveCallId('bb', 'bb/calls/x.wav'));
  });

  it('stays within 200 characters for very long keys', () => {
    const id = deriveCallId(
      'demo-tenant',
      `demo-tenant/calls/${'very-long-name/'.repeat(40)}x.wav`,
    );
    expect(id.length).toBeLessThanOrEqual(200);
    expect(isValidJobName(id)).toBe(true);
  });

  it('is a valid job name for any key (property)', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 400 }), (key) => {
        const id = deriveCallId('demo-tenant', key);
        expect(isValidJobName(id)).toBe(true);
        expect(id.startsWith('cci_demo-tenant_')).toBe(true);
      }),
    );
  });

  it('refuses an invalid tenant', () => {
    expect(() => deriveCallId('Bad', 'Bad/calls/x.wav')).toThrow(/Invalid tenant id/);
  });
});

describe('call date', () => {
  it('takes the UTC date of the object time', () => {
    expect(callDateFrom('2025-11-05T23:30:00-02:00')).toEqual({
      date: '2025-11-06',
      year: '2025',
      month: '11',
      day: '06',
    });
    expect(callDateFrom(new Date(Date.UTC(2024, 0, 2, 3)))).toMatchObject({ date: '2024-01-02' });
    expect(callDateFrom(0).date).toBe('1970-01-01');
  });

  it('rejects an unreadable time', () => {
    expect(() => callDateFrom('yesterday')).toThrow(/Cannot read a date/);
  });

  it('builds the results key of guide §2', () => {
    const d = callDateFrom('2025-03-09T10:00:00Z');
    expect(resultKey('demo-tenant', 'cci_x_1', d)).toBe('demo-tenant/2025/03/09/cci_x_1.json');
  });
});
