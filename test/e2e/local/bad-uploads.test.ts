import { randomBytes } from 'node:crypto';
import { copyFile, mkdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { objectCreatedEvent } from '../../../src/pipeline/events.js';
import { QUEUES } from '../../../src/local/queues.js';
import { openWorkspace } from '../../../src/local/workspace.js';
import { LOCAL_BUCKET_DIRS } from '../../../src/local/workspace-paths.js';
import { TempWorkspace, type DlqOutput, type RunOutput } from './local-workspace.js';

/**
 * The local pipeline with its real engines (pocketsphinx, wink-nlp, the rules
 * evaluator) on one sample call, with every kind of bad upload in the same run.
 */
let ws: TempWorkspace;
let goodCallId: string;
let firstRun: RunOutput;

beforeAll(async () => {
  ws = await TempWorkspace.create();
  await ws.json('init');
  await ws.json('tenant', 'add', 'demo-tenant');
  const good = await ws.sample('good-call.wav');
  const uploaded = await ws.json<{ uploaded: Array<{ callId: string }> }>(
    'calls',
    'upload',
    good,
    '--tenant',
    'demo-tenant',
  );
  goodCallId = uploaded.uploaded[0]?.callId ?? '';
  // The same file again before the worker ran: the event arrives twice.
  await ws.json('calls', 'upload', good, '--tenant', 'demo-tenant');

  const corrupt = await ws.file('corrupt.wav', randomBytes(4_096));
  const empty = await ws.file('empty.wav', new Uint8Array());
  const notes = await ws.file('notes.txt', 'call notes, not audio');
  await ws.json('calls', 'upload', corrupt, empty, notes, '--tenant', 'demo-tenant');
  await ws.json(
    'calls',
    'upload',
    await ws.sample('good-call.wav', 'ghost.wav'),
    '--tenant',
    'ghost-tenant',
  );
  await putOutsideCallsPrefix(ws, await ws.sample('good-call.wav', 'stray.wav'));

  firstRun = await ws.json<RunOutput>('run');
}, 300_000);

afterAll(async () => {
  await rm(ws.dir, { recursive: true, force: true });
});

/** A file put straight into the input bucket, outside `<tenant>/calls/`, with its event. */
async function putOutsideCallsPrefix(ws: TempWorkspace, file: string): Promise<void> {
  const dir = ws.path('buckets', LOCAL_BUCKET_DIRS.input, 'demo-tenant', 'inbox');
  await mkdir(dir, { recursive: true });
  await copyFile(file, join(dir, 'stray.wav'));
  const local = openWorkspace({ workspace: '.cci-lite' }, ws.dir);
  try {
    const event = objectCreatedEvent({
      bucket: LOCAL_BUCKET_DIRS.input,
      key: 'demo-tenant/inbox/stray.wav',
      size: 1,
      time: new Date(),
    });
    local.queue.send(QUEUES.jobInit, JSON.stringify(event));
  } finally {
    local.close();
  }
}

describe('local pipeline: bad uploads and repeated events', () => {
  it('completes the good call while every bad upload is dead-lettered', () => {
    expect(firstRun.deadLettered).toBe(5);
    const good = firstRun.calls.find((c) => c.callId === goodCallId);
    expect(good).toMatchObject({ status: 'COMPLETED' });
    expect(good?.percentage).toEqual(expect.any(Number));
    // In no ledger (its tenant does not exist), yet reported with its reason.
    expect(firstRun.calls.find((c) => c.tenantId === 'ghost-tenant')).toMatchObject({
      status: 'REJECTED',
      reason: expect.stringContaining('UNKNOWN_TENANT'),
    });
  });

  it('keeps a readable reason for each dead letter', async () => {
    const dlq = await ws.json<DlqOutput>('dlq', 'list');
    const byCode = Object.fromEntries(dlq.deadLetters.map((d) => [d.reason.split(':')[0], d]));
    expect(Object.keys(byCode).sort()).toEqual([
      'CORRUPT_AUDIO',
      'EMPTY_AUDIO',
      'UNKNOWN_TENANT',
      'UNSUPPORTED_AUDIO',
      'WRONG_PREFIX',
    ]);
    expect(byCode.CORRUPT_AUDIO?.reason).toContain('corrupt.wav');
    expect(byCode.EMPTY_AUDIO?.reason).toContain('empty.wav');
    expect(byCode.UNSUPPORTED_AUDIO?.reason).toContain('notes.txt');
    expect(byCode.UNKNOWN_TENANT?.reason).toContain('ghost-tenant');
    expect(byCode.WRONG_PREFIX?.reason).toContain('demo-tenant/inbox/stray.wav');
    // Bad input is not retried: one receive each.
    expect(dlq.deadLetters.every((d) => d.receives === 1 && d.queue === 'job-init')).toBe(true);
  });

  it('records the rejected calls of the known tenant as FAILED with the reason', async () => {
    const list = await ws.json<{
      calls: Array<{ callId: string; status: string; reason?: string }>;
    }>('results', 'list', '--tenant', 'demo-tenant');
    const failed = list.calls.filter((c) => c.status === 'FAILED');
    expect(failed).toHaveLength(4);
    expect(failed.every((c) => (c.reason ?? '').length > 0)).toBe(true);
  });

  it('an upload delivered twice gives one transcription and one result', async () => {
    expect(await ws.jobFiles()).toEqual([`${goodCallId}.json`]);
    expect(await ws.keys(LOCAL_BUCKET_DIRS.results, 'demo-tenant')).toHaveLength(1);
    // And once more after it completed: nothing new.
    await ws.json('calls', 'upload', await ws.sample('good-call.wav'), '--tenant', 'demo-tenant');
    const again = await ws.json<RunOutput>('run');
    expect(again).toMatchObject({ processed: 1, deadLettered: 0 });
    expect(await ws.jobFiles()).toEqual([`${goodCallId}.json`]);
    expect(await ws.keys(LOCAL_BUCKET_DIRS.results, 'demo-tenant')).toHaveLength(1);
  }, 120_000);

  it('shows the result of the good call', async () => {
    const result = await ws.json<{ call_id: string; source: { pii_redacted: boolean } }>(
      'results',
      'show',
      goodCallId,
    );
    expect(result).toMatchObject({ call_id: goodCallId, source: { pii_redacted: true } });
  });
});
