import { spawn, type ChildProcess } from 'node:child_process';
import { createRequire } from 'node:module';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { LOCAL_BUCKET_DIRS } from '../../../src/local/workspace-paths.js';
import { REPO_ROOT, TempWorkspace, type DlqOutput, type RunOutput } from './local-workspace.js';

const TSX_LOADER = createRequire(import.meta.url).resolve('tsx');
const MAIN = join(REPO_ROOT, 'src', 'main.ts');

let ws: TempWorkspace | undefined;
afterAll(async () => {
  if (ws) await rm(ws.dir, { recursive: true, force: true });
});

/**
 * `cci-lite run` as its own process (the source through tsx, since dist/ may be
 * stale), in its own process group so the kill takes its sox and pocketsphinx
 * children too, like a machine losing the worker.
 */
function startWorker(dir: string): { child: ChildProcess; stderr: () => string } {
  const child = spawn(process.execPath, ['--import', TSX_LOADER, MAIN, 'run'], {
    cwd: dir,
    env: { ...process.env, NO_COLOR: '1' },
    detached: true,
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let text = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    text += chunk.toString();
  });
  return { child, stderr: () => text };
}

function waitFor(check: () => boolean, child: ChildProcess, what: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setInterval(() => {
      if (check()) {
        clearInterval(timer);
        resolve();
      } else if (child.exitCode !== null) {
        clearInterval(timer);
        reject(new Error(`the worker exited (${child.exitCode}) before ${what}`));
      }
    }, 50);
  });
}

function exited(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve();
    else child.once('exit', () => resolve());
  });
}

describe('a worker killed with SIGKILL mid-run', () => {
  it('is started again and finishes every call exactly once', async () => {
    ws = await TempWorkspace.create();
    await ws.json('init');
    await ws.json('tenant', 'add', 'demo-tenant');
    const up = await ws.json<{ uploaded: Array<{ callId: string }> }>(
      'calls',
      'upload',
      await ws.sample('good-call.wav'),
      await ws.sample('mono-call.wav'),
      '--tenant',
      'demo-tenant',
    );
    const callIds = up.uploaded.map((u) => u.callId).sort();

    // Kill it while it transcribes the second call: the first is transcribed,
    // its analysis message waits, the second holds a lease and a running job.
    const { child, stderr } = startWorker(ws.dir);
    await waitFor(() => /\[2\] \S+: transcribing/.test(stderr()), child, 'the second call');
    process.kill(-(child.pid ?? 0), 'SIGKILL');
    await exited(child);
    expect(child.signalCode).toBe('SIGKILL');
    expect(await ws.keys(LOCAL_BUCKET_DIRS.results, 'demo-tenant')).toEqual([]);

    // Started again, it takes the dead worker's lease and job back at once.
    const run = await ws.json<RunOutput>('run');
    expect(run.deadLettered).toBe(0);
    expect(run.calls.map((c) => c.callId).sort()).toEqual(callIds);
    expect(run.calls.every((c) => c.status === 'COMPLETED')).toBe(true);

    // Exactly once: one transcription job, one transcript and one result per call.
    expect(await ws.jobFiles()).toEqual(callIds.map((id) => `${id}.json`));
    expect(await ws.keys(LOCAL_BUCKET_DIRS.results, 'tmp/demo-tenant')).toHaveLength(2);
    const results = await ws.keys(LOCAL_BUCKET_DIRS.results, 'demo-tenant');
    expect(results.map((k) => k.slice(k.lastIndexOf('/') + 1)).sort()).toEqual(
      callIds.map((id) => `${id}.json`),
    );
    expect(await ws.json<DlqOutput>('dlq', 'list')).toMatchObject({ count: 0 });
    // Nothing left to do.
    expect(await ws.json<RunOutput>('run')).toMatchObject({ processed: 0, calls: [] });
  }, 300_000);
});
