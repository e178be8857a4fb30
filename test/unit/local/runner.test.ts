import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CciError } from '../../../src/core/errors.js';
import { deriveCallId } from '../../../src/core/ids/call-id.js';
import { QUEUES } from '../../../src/local/queues.js';
import { runWorker, uploadCall, type WorkerEvent } from '../../../src/local/runner.js';
import {
  initWorkspace,
  openWorkspace,
  workspacePathsFor,
  type LocalWorkspace,
} from '../../../src/local/workspace.js';
import { LOCAL_BUCKET_DIRS } from '../../../src/local/workspace-paths.js';
import { objectCreatedEvent } from '../../../src/pipeline/events.js';
import { loadDefaultTemplate } from '../../helpers/templates.js';
import { wavBytes } from '../pipeline/fakes.js';
import { ScriptedTranscriber, analysis, passAll } from './scripted-engines.js';

const TENANT = 'demo-tenant';

let dir: string;
let ws: LocalWorkspace;
let transcriber: ScriptedTranscriber;
let analyzerFailures: number;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'cci-runner-'));
  const config = { workspace: '.cci-lite' };
  await initWorkspace(workspacePathsFor(config, dir));
  ws = openWorkspace(config, dir, { queue: { backoff: { baseMs: 20, maxMs: 40 } } });
  transcriber = new ScriptedTranscriber(ws);
  analyzerFailures = 0;
  await ws.tenants.addTenant(TENANT, { name: 'Demo', bedrockModel: 'm' });
  await ws.tenants.pushTemplate(TENANT, loadDefaultTemplate());
});
afterEach(async () => {
  ws.close();
  await rm(dir, { recursive: true, force: true });
});

function worker(events: WorkerEvent[] = []): ReturnType<typeof runWorker> {
  return runWorker(ws, {
    onProgress: (e) => events.push(e),
    engines: {
      transcriber,
      analyzer: {
        analyze: async () => {
          if (analyzerFailures > 0) {
            analyzerFailures -= 1;
            throw new CciError('NLP_DOWN', 'the analyser hiccuped');
          }
          return analysis;
        },
      },
      evaluate: passAll,
    },
  });
}

async function file(name: string, body: Uint8Array): Promise<string> {
  const path = join(dir, name);
  await writeFile(path, body);
  return path;
}

describe('runWorker', () => {
  it('takes an upload through job-init and the result handler', async () => {
    const up = await uploadCall(ws, await file('good.wav', wavBytes(2)), {
      tenant: TENANT,
      agentId: 'A-1',
    });
    const events: WorkerEvent[] = [];
    const summary = await worker(events);
    expect(summary).toEqual({
      processed: 2,
      failed: 0,
      deadLettered: 0,
      calls: [{ tenantId: TENANT, callId: up.callId }],
    });
    const call = await ws.tenants.getCall(TENANT, up.callId);
    expect(call).toMatchObject({ status: 'COMPLETED', agentId: 'A-1' });
    expect(await ws.objects.getTags('results', call?.resultKey ?? '')).toEqual({
      tenant_id: TENANT,
    });
    expect(
      events.filter((e) => e.type === 'done').map((e) => e.type === 'done' && e.queue),
    ).toEqual(['job-init', 'analysis']);
    expect(ws.queue.depth()).toEqual({ available: 0, delayed: 0, inFlight: 0, deadLetters: 0 });
  });

  it('the same file uploaded twice gives one transcription and one result', async () => {
    const path = await file('twice.wav', wavBytes(2));
    await uploadCall(ws, path, { tenant: TENANT });
    await worker();
    await uploadCall(ws, path, { tenant: TENANT });
    await uploadCall(ws, path, { tenant: TENANT });
    const summary = await worker();
    expect(summary.deadLettered).toBe(0);
    expect(transcriber.starts).toHaveLength(1);
    const results: string[] = [];
    for await (const o of ws.objects.list('results', `${TENANT}/`)) results.push(o.key);
    expect(results).toHaveLength(1);
  });

  it('dead-letters bad uploads with their reasons while the others complete', async () => {
    const good = await uploadCall(ws, await file('good.wav', wavBytes(2)), { tenant: TENANT });
    const empty = await uploadCall(ws, await file('empty.wav', new Uint8Array()), {
      tenant: TENANT,
    });
    await uploadCall(ws, await file('notes.txt', new TextEncoder().encode('hi')), {
      tenant: TENANT,
    });
    await uploadCall(ws, await file('ghost.wav', wavBytes(2)), { tenant: 'ghost-tenant' });
    // Wrong prefix: put straight into the bucket, then the event.
    await ws.objects.put('input', `${TENANT}/inbox/stray.wav`, wavBytes(2));
    ws.queue.send(
      QUEUES.jobInit,
      JSON.stringify(
        objectCreatedEvent({
          bucket: LOCAL_BUCKET_DIRS.input,
          key: `${TENANT}/inbox/stray.wav`,
          size: 1,
          time: new Date(),
        }),
      ),
    );
    const summary = await worker();
    expect(summary.processed).toBe(2);
    expect(summary.deadLettered).toBe(4);
    expect((await ws.tenants.getCall(TENANT, good.callId))?.status).toBe('COMPLETED');
    expect((await ws.tenants.getCall(TENANT, empty.callId))?.status).toBe('FAILED');
    const reasons = ws.queue.deadLetters().map((d) => d.reason.split(':')[0]);
    expect(reasons.sort()).toEqual([
      'EMPTY_AUDIO',
      'UNKNOWN_TENANT',
      'UNSUPPORTED_AUDIO',
      'WRONG_PREFIX',
    ]);
    expect(ws.queue.deadLetters().every((d) => d.receives === 1)).toBe(true);
  });

  it('retries a passing failure with back-off and completes the call', async () => {
    analyzerFailures = 2;
    const up = await uploadCall(ws, await file('flaky.wav', wavBytes(2)), { tenant: TENANT });
    const events: WorkerEvent[] = [];
    const summary = await worker(events);
    expect(summary).toMatchObject({ processed: 2, failed: 2, deadLettered: 0 });
    expect(events.filter((e) => e.type === 'retry')).toHaveLength(2);
    expect((await ws.tenants.getCall(TENANT, up.callId))?.status).toBe('COMPLETED');
  });

  it('dead-letters after three failed receives and marks the call failed', async () => {
    analyzerFailures = 5;
    const up = await uploadCall(ws, await file('broken.wav', wavBytes(2)), { tenant: TENANT });
    const summary = await worker();
    expect(summary).toMatchObject({ processed: 1, failed: 2, deadLettered: 1 });
    expect(ws.queue.deadLetters()).toEqual([
      expect.objectContaining({
        queue: 'analysis',
        receives: 3,
        reason: expect.stringContaining('NLP_DOWN'),
      }),
    ]);
    expect(await ws.tenants.getCall(TENANT, up.callId)).toMatchObject({
      status: 'FAILED',
      reason: expect.stringContaining('NLP_DOWN'),
    });
  });

  it('keeps polling in watch mode and stops when the signal aborts', async () => {
    const stop = new AbortController();
    let idle: () => void = () => {};
    const firstIdle = new Promise<void>((resolve) => (idle = resolve));
    const running = runWorker(ws, {
      watch: true,
      pollMs: 10,
      signal: stop.signal,
      onProgress: (e) => {
        if (e.type === 'idle') idle();
        if (e.type === 'done' && e.queue === 'analysis') stop.abort();
      },
      engines: { transcriber, analyzer: { analyze: async () => analysis }, evaluate: passAll },
    });
    await firstIdle; // the queue was empty and the worker kept waiting
    await uploadCall(ws, await file('late.wav', wavBytes(2)), { tenant: TENANT });
    const summary = await running;
    expect(summary.processed).toBe(2);
  });

  it('stops before taking any message when pocketsphinx is missing', async () => {
    await uploadCall(ws, await file('waiting.wav', wavBytes(2)), { tenant: TENANT });
    const path = process.env.PATH;
    process.env.PATH = join(dir, 'no-such-bin');
    try {
      await expect(
        runWorker(ws, {
          engines: { analyzer: { analyze: async () => analysis }, evaluate: passAll },
        }),
      ).rejects.toMatchObject({ code: 'MISSING_DEPENDENCY' });
    } finally {
      process.env.PATH = path;
    }
    // The call waits in the queue for the next run.
    expect(ws.queue.depth()).toEqual({ available: 1, delayed: 0, inFlight: 0, deadLetters: 0 });
  });

  it('names calls by their deterministic id', async () => {
    const up = await uploadCall(ws, await file('a b.wav', wavBytes(2)), { tenant: TENANT });
    expect(up.key).toBe(`${TENANT}/calls/a b.wav`);
    expect(up.callId).toBe(deriveCallId(TENANT, up.key));
  });
});
