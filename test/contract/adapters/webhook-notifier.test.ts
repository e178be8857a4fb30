import { describe, expect, it } from 'vitest';
import {
  postResultSummary,
  resultSummaryMessage,
} from '../../../src/aws/adapters/webhook-notifier.js';
import { CciError } from '../../../src/core/errors.js';
import { buildUnifiedResult } from '../../../src/core/result/build.js';
import { scoreEvaluation } from '../../../src/core/scoring/score.js';
import { sampleResultParts } from '../../helpers/results.js';
import { loadDefaultTemplate } from '../../helpers/templates.js';

const TENANT = { id: 'demo-tenant', name: 'Demo <Tenant>' };
const URL_OK = 'https://hooks.slack.com/services/T000/B000/secret-token';

function failingResult() {
  const template = loadDefaultTemplate();
  const failed = new Set(['empathy_02', 'confirm_04']);
  const score = scoreEvaluation(
    template,
    template.criteria.map((c) =>
      failed.has(c.id)
        ? { id: c.id, status: 'failed' as const, reason: 'Not heard.' }
        : { id: c.id, status: 'passed' as const, reason: 'Heard it.' },
    ),
  );
  const parts = sampleResultParts({ template, score });
  return buildUnifiedResult({
    ...parts,
    summary: { ...parts.summary, issue: 'Invoice\nalmost double', outcome: 'Follow-up needed' },
  });
}

interface Call {
  url: string;
  init: RequestInit | undefined;
}

function fakeFetch(respond: () => Response | Promise<Response>): {
  calls: Call[];
  fetch: typeof fetch;
} {
  const calls: Call[] = [];
  const fn = (input: string | URL | Request, init?: RequestInit) => {
    calls.push({ url: String(input), init });
    return Promise.resolve(respond());
  };
  return { calls, fetch: fn as typeof fetch };
}

describe('resultSummaryMessage', () => {
  it('says tenant, call, score, verdict, failed criteria and the one-line summary', () => {
    const result = failingResult();

    expect(resultSummaryMessage(result, TENANT)).toEqual({
      text: [
        `cci-lite · Demo ‹Tenant› (demo-tenant) · call ${result.call_id}`,
        `Score ${result.qa_evaluation.percentage}% · FAIL`,
        'Failed: empathy_02 (required), confirm_04',
        'Summary: Invoice almost double — Follow-up needed',
      ].join('\n'),
    });
  });

  it('leaves the failed line out for a passing call', () => {
    const result = buildUnifiedResult(sampleResultParts());

    const { text } = resultSummaryMessage(result, TENANT);

    expect(text).toContain('Score 100% · PASS');
    expect(text).not.toContain('Failed:');
  });
});

describe('postResultSummary', () => {
  it('posts the message as JSON with a timeout signal', async () => {
    const { calls, fetch } = fakeFetch(() => new Response('ok', { status: 200 }));
    const result = failingResult();

    await postResultSummary(URL_OK, result, TENANT, { fetch });

    expect(calls).toHaveLength(1);
    expect(calls[0]?.url).toBe(URL_OK);
    expect(calls[0]?.init?.method).toBe('POST');
    expect(calls[0]?.init?.headers).toEqual({ 'content-type': 'application/json' });
    expect(JSON.parse(String(calls[0]?.init?.body))).toEqual(resultSummaryMessage(result, TENANT));
    expect(calls[0]?.init?.signal).toBeInstanceOf(AbortSignal);
  });

  it.each(['http://hooks.slack.com/services/x', 'ftp://example.com/x', 'not a url'])(
    'refuses %s as a user error without calling it',
    async (url) => {
      const { calls, fetch } = fakeFetch(() => new Response('ok'));

      const err = await postResultSummary(url, failingResult(), TENANT, { fetch }).catch(
        (e: unknown) => e,
      );

      expect(err).toMatchObject({ code: 'WEBHOOK_URL_INVALID', fault: 'user' });
      expect(calls).toHaveLength(0);
    },
  );

  it('fails with the status on a non-2xx answer, without leaking the secret URL', async () => {
    const { fetch } = fakeFetch(() => new Response('invalid_token', { status: 403 }));

    const err = (await postResultSummary(URL_OK, failingResult(), TENANT, { fetch }).catch(
      (e: unknown) => e,
    )) as CciError;

    expect(err).toBeInstanceOf(CciError);
    expect(err).toMatchObject({
      code: 'WEBHOOK_FAILED',
      fault: 'system',
      details: { status: 403 },
    });
    expect(err.message).toContain('403');
    expect(err.message).not.toContain('secret-token');
  });

  it('reports a timeout', async () => {
    const fetch = (() =>
      Promise.reject(
        new DOMException('The operation timed out.', 'TimeoutError'),
      )) as typeof globalThis.fetch;

    await expect(
      postResultSummary(URL_OK, failingResult(), TENANT, { fetch, timeoutMs: 5000 }),
    ).rejects.toMatchObject({
      code: 'WEBHOOK_TIMEOUT',
      message: expect.stringContaining('5000 ms'),
    });
  });

  it('aborts a webhook that never answers once the timeout passes', async () => {
    const fetch = ((_url: string, init?: RequestInit) =>
      new Promise((_resolve, reject) => {
        init?.signal?.addEventListener('abort', () => reject(init.signal?.reason));
      })) as typeof globalThis.fetch;

    await expect(
      postResultSummary(URL_OK, failingResult(), TENANT, { fetch, timeoutMs: 1 }),
    ).rejects.toMatchObject({ code: 'WEBHOOK_TIMEOUT' });
  });
});
