import { CciError, userError } from '../../core/errors.js';
import type { UnifiedResult } from '../../core/result/schema.js';

/**
 * A short summary of each processed call, posted to the tenant's Slack or
 * Teams incoming webhook (both accept `{"text": "..."}`). Only what a channel
 * should see: the verdict, the failed criteria and the already-redacted
 * one-line summary. Webhook URLs carry their secret in the path, so errors
 * name only the host.
 */

export const WEBHOOK_TIMEOUT_MS = 5_000;
const MAX_SUMMARY = 280;

export interface PostResultSummaryOptions {
  fetch?: typeof fetch;
  timeoutMs?: number;
}

export function resultSummaryMessage(
  result: UnifiedResult,
  tenant: { id: string; name: string },
): { text: string } {
  const qa = result.qa_evaluation;
  const score = qa.percentage === null ? 'n/a' : `${qa.percentage}%`;
  const verdict = qa.passed === null ? 'NOT EVALUATED' : qa.passed ? 'PASS' : 'FAIL';
  const lines = [
    `cci-lite · ${plain(tenant.name)} (${tenant.id}) · call ${result.call_id}`,
    `Score ${score} · ${verdict}`,
  ];
  if (qa.failed.length > 0) {
    lines.push(
      `Failed: ${qa.failed.map((f) => (f.required ? `${f.id} (required)` : f.id)).join(', ')}`,
    );
  }
  const summary = oneLine(result);
  if (summary) lines.push(`Summary: ${summary}`);
  return { text: lines.join('\n') };
}

export async function postResultSummary(
  url: string,
  result: UnifiedResult,
  tenant: { id: string; name: string },
  options: PostResultSummaryOptions = {},
): Promise<void> {
  const target = webhookUrl(url);
  const timeoutMs = options.timeoutMs ?? WEBHOOK_TIMEOUT_MS;
  const doFetch = options.fetch ?? fetch;
  let response: Response;
  try {
    response = await doFetch(target.href, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(resultSummaryMessage(result, tenant)),
      signal: AbortSignal.timeout(timeoutMs),
    });
  } catch (err) {
    const name = err instanceof Error ? err.name : '';
    if (name === 'TimeoutError' || name === 'AbortError') {
      throw new CciError(
        'WEBHOOK_TIMEOUT',
        `The webhook at ${target.host} did not answer within ${timeoutMs} ms.`,
        { cause: err },
      );
    }
    throw new CciError('WEBHOOK_UNREACHABLE', `Could not reach the webhook at ${target.host}.`, {
      cause: err,
    });
  }
  if (!response.ok) {
    throw new CciError(
      'WEBHOOK_FAILED',
      `The webhook at ${target.host} answered ${response.status}.`,
      {
        details: { status: response.status },
        hint: 'Check the tenant webhook URL is a current Slack or Teams incoming webhook.',
      },
    );
  }
}

function webhookUrl(url: string): URL {
  let parsed: URL | undefined;
  try {
    parsed = new URL(url);
  } catch {
    parsed = undefined;
  }
  if (parsed?.protocol !== 'https:') {
    throw userError('WEBHOOK_URL_INVALID', 'The tenant webhook URL is not an https URL.', {
      hint: 'Use the https incoming-webhook URL Slack or Teams gives you.',
    });
  }
  return parsed;
}

/** The call's issue and outcome on one line. */
function oneLine(result: UnifiedResult): string {
  const { issue, outcome } = result.ai_summary;
  const text = [issue, outcome]
    .map((part) => plain(part))
    .filter(Boolean)
    .join(' — ');
  return text.length > MAX_SUMMARY ? `${text.slice(0, MAX_SUMMARY - 1)}…` : text;
}

/** One line, and no angle brackets: Slack reads `<...>` as links and mentions (`<!channel>`). */
function plain(text: string): string {
  return text.replace(/\s+/g, ' ').replace(/</g, '‹').replace(/>/g, '›').trim();
}
