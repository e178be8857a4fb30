import { describe, expect, it } from 'vitest';
import { redactText } from '../../../src/core/pii/index.js';

describe('e-mail addresses', () => {
  it('redacts written addresses', () => {
    expect(redactText('write to John.Smith@Example.com, please')).toEqual({
      text: 'write to [PII], please',
      counts: { EMAIL: 1 },
      total: 1,
    });
    expect(redactText('jane_doe+news@mail.example.co.uk').text).toBe('[PII]');
  });

  it.each([
    ['john dot smith at example dot com', 'my email is [PII] thanks'],
    ['j smith at gmail dot co dot uk', 'my email is [PII] thanks'],
    ['john underscore smith at example dot com', 'my email is [PII] thanks'],
    ['mary dash jane at example dot org', 'my email is [PII] thanks'],
    ['jsmith eighty five at example dot com', 'my email is [PII] thanks'],
    ['john.smith at example.com', 'my email is [PII] thanks'],
    ['j o h n at example dot net', 'my email is [PII] thanks'],
  ])('redacts spoken "%s"', (email, expected) => {
    const result = redactText(`my email is ${email} thanks`);
    expect(result.text).toBe(expected);
    expect(result.counts).toEqual({ EMAIL: 1 });
  });

  it('needs a spoken local part before "at"', () => {
    expect(redactText('it is at example dot com').total).toBe(0);
    expect(redactText('it is sales at example dot com').text).toBe('it is [PII]');
  });

  it('does not treat an ordinary "at" as an e-mail', () => {
    for (const text of [
      'i will look at that for you',
      'look at the bill dot',
      'we are at home now',
      'meet me at the station dot and wait',
    ]) {
      expect(redactText(text).counts.EMAIL).toBeUndefined();
    }
  });
});
