import { execFile, spawnSync } from 'node:child_process';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CciError } from '../../../src/core/errors.js';
import { parseTranscribeOutput } from '../../../src/core/transcript/index.js';
import type { TranscribeStateChange } from '../../../src/pipeline/events.js';
import type { StartTranscriptionRequest } from '../../../src/pipeline/ports.js';
import {
  LocalTranscriber,
  type LocalTranscriptionJob,
} from '../../../src/local/speech/local-transcriber.js';
import { MemoryObjectStore } from './memory-object-store.js';
import { piiLeaks, scriptPii } from './pii-leaks.js';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const SAMPLES = join(ROOT, 'samples');
const TENANT = 'demo-tenant';
/** Recognition of ~1.5 minutes of audio on 2 busy cores. */
const SLOW = 300_000;

interface Harness {
  dir: string;
  objects: MemoryObjectStore;
  changes: TranscribeStateChange[];
  transcriber: LocalTranscriber;
  sttTmp: string;
}

async function harness(options: { pocketsphinxBin?: string } = {}): Promise<Harness> {
  const dir = await mkdtemp(join(tmpdir(), 'cci-speech-'));
  const objects = new MemoryObjectStore();
  const changes: TranscribeStateChange[] = [];
  const sttTmp = join(dir, 'stt-tmp');
  await mkdir(sttTmp);
  const transcriber = new LocalTranscriber({
    objects,
    jobsDir: join(dir, 'jobs'),
    tmpDir: sttTmp,
    onStateChange: async (change) => {
      changes.push(change);
    },
    ...options,
  });
  return { dir, objects, changes, transcriber, sttTmp };
}

function request(
  jobName: string,
  key: string,
  kind: StartTranscriptionRequest['kind'],
): StartTranscriptionRequest {
  return {
    jobName,
    tenantId: TENANT,
    kind,
    media: { bucket: 'input', key, format: 'wav' },
    ...(kind === 'call-analytics'
      ? { channelRoles: ['AGENT', 'CUSTOMER'] as Array<'AGENT' | 'CUSTOMER'> }
      : {}),
    languageCode: 'en-US',
    outputPrefix: `tmp/${TENANT}/`,
    tags: { tenant_id: TENANT },
  };
}

/** The words of a written transcript (its JSON also holds times and ids, which are digits too). */
function spokenText(written: string): string {
  return parseTranscribeOutput(JSON.parse(written))
    .segments.map((s) => s.text)
    .join('\n');
}

async function upload(h: Harness, key: string, file: string): Promise<void> {
  await h.objects.put('input', key, new Uint8Array(await readFile(file)));
}

describe('LocalTranscriber on a stereo call (real sox + pocketsphinx)', () => {
  let h: Harness;
  const key = `${TENANT}/calls/bad-call-excerpt.wav`;
  const jobName = 'cci_demo-tenant_bad-call-excerpt_0123456789';
  let job: LocalTranscriptionJob | undefined;
  let written: string;

  beforeAll(async () => {
    h = await harness();
    // The first 29 s: the agent's opening, the caller's name, phone and card number.
    const excerpt = join(h.dir, 'excerpt.wav');
    await promisify(execFile)('sox', [
      join(SAMPLES, 'calls/bad-call.wav'),
      excerpt,
      'trim',
      '0',
      '29',
    ]);
    await upload(h, key, excerpt);
    expect(await h.transcriber.start(request(jobName, key, 'call-analytics'))).toBe('started');
    job = await h.transcriber.get(jobName, 'call-analytics');
    written = h.objects.text('results', `tmp/${TENANT}/${jobName}.json`) ?? '';
  }, SLOW);

  afterAll(async () => {
    await rm(h.dir, { recursive: true, force: true });
  });

  it('completes, says so once, and records per-stage timings', () => {
    expect(h.changes).toEqual([{ jobName, kind: 'call-analytics', status: 'COMPLETED' }]);
    expect(job).toMatchObject({
      status: 'COMPLETED',
      transcript: { bucket: 'results', key: `tmp/${TENANT}/${jobName}.json` },
      audio: { channels: 2, sampleRateHz: 8000, durationMs: 29_000 },
      notified: true,
    });
    expect(job?.timings?.recogniseMs).toBeGreaterThan(0);
    for (const stage of ['readMs', 'resampleMs', 'redactMs', 'writeMs', 'totalMs'] as const) {
      expect(job?.timings?.[stage]).toBeGreaterThanOrEqual(0);
    }
    expect(h.objects.objects.get(`results/tmp/${TENANT}/${jobName}.json`)?.options.tags).toEqual({
      tenant_id: TENANT,
    });
  });

  it('writes Call Analytics output: agent on channel 0, customer on 1, turns in time order', () => {
    const transcript = parseTranscribeOutput(JSON.parse(written));
    expect(transcript).toMatchObject({ source: 'call-analytics', diarized: true, redacted: true });
    const roles = transcript.segments.map((s) => s.role);
    expect(roles[0]).toBe('AGENT');
    expect(roles).toContain('CUSTOMER');
    expect(new Set(roles)).toEqual(new Set(['AGENT', 'CUSTOMER']));
    const begins = transcript.segments.map((s) => s.beginMs);
    expect(begins).toEqual([...begins].sort((a, b) => a - b));
    // The caller's opening turn, as scripted: "Hi. My name is Robert Hughes. I was charged a late fee ..."
    const customer = transcript.segments.find((s) => s.role === 'CUSTOMER');
    expect(customer?.text).toMatch(/name is \[PII\]/);
    expect(customer?.text).toMatch(/paid my bill/);
  });

  it('leaves no PII of the script in the transcript or the job record', async () => {
    const pii = scriptPii(join(SAMPLES, 'scripts/bad-call.json'));
    expect(written).toContain('[PII]');
    expect(piiLeaks(spokenText(written), pii)).toEqual([]);
    expect(piiLeaks(written, pii, { digits: false })).toEqual([]);
    const record = await readFile(join(h.dir, 'jobs', `${jobName}.json`), 'utf8');
    expect(piiLeaks(record, pii, { digits: false })).toEqual([]);
    expect(record).not.toMatch(/billing|charged/i);
    // The private temp directory (audio only) is gone.
    expect(await readdir(h.sttTmp)).toEqual([]);
  });

  it('a repeated start is a no-op: "exists", no second run, no second event', async () => {
    const puts = h.objects.puts;
    const before = await readFile(join(h.dir, 'jobs', `${jobName}.json`), 'utf8');
    expect(await h.transcriber.start(request(jobName, key, 'call-analytics'))).toBe('exists');
    expect(h.changes).toHaveLength(1);
    expect(h.objects.puts).toBe(puts);
    expect(await readFile(join(h.dir, 'jobs', `${jobName}.json`), 'utf8')).toBe(before);
    expect(await h.transcriber.get(jobName, 'standard')).toBeUndefined();
  });
});

describe('LocalTranscriber on the mono call (real sox + pocketsphinx)', () => {
  it(
    'one UNKNOWN speaker, no diarization, standard output, no PII',
    async () => {
      const h = await harness();
      try {
        const key = `${TENANT}/calls/mono-call.wav`;
        await upload(h, key, join(SAMPLES, 'calls/mono-call.wav'));
        const jobName = 'cci_demo-tenant_mono-call_0123456789';
        expect(await h.transcriber.start(request(jobName, key, 'standard'))).toBe('started');
        expect(h.changes).toEqual([{ jobName, kind: 'standard', status: 'COMPLETED' }]);
        const written = h.objects.text('results', `tmp/${TENANT}/${jobName}.json`) ?? '';
        const output = JSON.parse(written) as { results?: { items?: unknown[] } };
        expect(output.results?.items?.length).toBeGreaterThan(50);
        const transcript = parseTranscribeOutput(output);
        expect(transcript).toMatchObject({ source: 'standard', diarized: false, redacted: true });
        expect(transcript.segments.length).toBeGreaterThan(3);
        expect(new Set(transcript.segments.map((s) => s.role))).toEqual(new Set(['UNKNOWN']));
        expect(transcript.segments[0]?.text).toMatch(/thank you for calling/);
        const pii = scriptPii(join(SAMPLES, 'scripts/mono-call.json'));
        expect(piiLeaks(spokenText(written), pii)).toEqual([]);
        expect(piiLeaks(written, pii, { digits: false })).toEqual([]);
      } finally {
        await rm(h.dir, { recursive: true, force: true });
      }
    },
    SLOW,
  );
});

describe('LocalTranscriber failures', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await harness();
  });
  afterAll(async () => {
    await rm(h.dir, { recursive: true, force: true });
  });

  it('a corrupt WAV fails with a readable reason and a FAILED state change', async () => {
    const key = `${TENANT}/calls/corrupt.wav`;
    await h.objects.put(
      'input',
      key,
      new TextEncoder().encode('RIFF\u0000\u0000\u0000\u0000not a wave file at all'),
    );
    const jobName = 'cci_demo-tenant_corrupt_0123456789';
    expect(await h.transcriber.start(request(jobName, key, 'call-analytics'))).toBe('started');
    const job = await h.transcriber.get(jobName, 'call-analytics');
    expect(job?.status).toBe('FAILED');
    expect(job?.failureReason).toMatch(/corrupt\.wav cannot be decoded as wav/);
    expect(job?.failureReason).not.toContain(h.sttTmp);
    expect(h.changes.at(-1)).toEqual({
      jobName,
      kind: 'call-analytics',
      status: 'FAILED',
      failureReason: job?.failureReason,
    });
    expect(h.objects.text('results', `tmp/${TENANT}/${jobName}.json`)).toBeUndefined();
    expect(await readdir(h.sttTmp)).toEqual([]);
  });

  it('a mono file sent to Call Analytics fails: it needs two channels', async () => {
    const key = `${TENANT}/calls/mono.wav`;
    const file = join(h.dir, 'mono.wav');
    await promisify(execFile)('sox', [
      '-n',
      '-r',
      '8000',
      '-c',
      '1',
      '-b',
      '16',
      file,
      'synth',
      '1',
      'sine',
      '440',
    ]);
    await upload(h, key, file);
    const jobName = 'cci_demo-tenant_mono_0123456789';
    await h.transcriber.start(request(jobName, key, 'call-analytics'));
    expect((await h.transcriber.get(jobName, 'call-analytics'))?.failureReason).toMatch(
      /two-channel recording .* has 1/,
    );
  });

  it('a silent recording fails: no speech was recognised', async () => {
    const key = `${TENANT}/calls/silent.wav`;
    const file = join(h.dir, 'silent.wav');
    await promisify(execFile)('sox', [
      '-n',
      '-r',
      '8000',
      '-c',
      '2',
      '-b',
      '16',
      file,
      'trim',
      '0',
      '3',
    ]);
    await upload(h, key, file);
    const jobName = 'cci_demo-tenant_silent_0123456789';
    await h.transcriber.start(request(jobName, key, 'call-analytics'));
    const job = await h.transcriber.get(jobName, 'call-analytics');
    expect(job?.status).toBe('FAILED');
    expect(job?.failureReason).toMatch(
      /No speech was recognised in .*silent\.wav \(3\.0 s of audio\)/,
    );
  });

  it('missing media fails the job with a readable reason', async () => {
    const jobName = 'cci_demo-tenant_gone_0123456789';
    await h.transcriber.start(request(jobName, `${TENANT}/calls/gone.wav`, 'standard'));
    expect((await h.transcriber.get(jobName, 'standard'))?.failureReason).toMatch(/does not exist/);
  });

  it('a job left IN_PROGRESS by a dead worker is taken over; a live one is left alone', async () => {
    const key = `${TENANT}/calls/corrupt.wav`;
    const dead = spawnSync('true').pid ?? 999_999;
    const stale = (jobName: string, pid: number): LocalTranscriptionJob => ({
      jobName,
      kind: 'standard',
      status: 'IN_PROGRESS',
      tenantId: TENANT,
      languageCode: 'en-US',
      media: { bucket: 'input', key, format: 'wav' },
      engine: 'pocketsphinx',
      createdAt: '2026-01-01T00:00:00.000Z',
      updatedAt: '2026-01-01T00:00:00.000Z',
      owner: { host: hostname(), pid },
    });
    const jobs = join(h.dir, 'jobs');
    await writeFile(join(jobs, 'orphan.json'), JSON.stringify(stale('orphan', dead)));
    await writeFile(join(jobs, 'running.json'), JSON.stringify(stale('running', process.pid)));
    expect(await h.transcriber.start(request('orphan', key, 'standard'))).toBe('started');
    expect((await h.transcriber.get('orphan', 'standard'))?.status).toBe('FAILED');
    expect(await h.transcriber.start(request('orphan', key, 'standard'))).toBe('exists');
    expect(await h.transcriber.start(request('running', key, 'standard'))).toBe('exists');
    expect((await h.transcriber.get('running', 'standard'))?.status).toBe('IN_PROGRESS');
  });

  it('a final state that never reached onStateChange is sent again on the next start', async () => {
    const flaky = await harness();
    try {
      let fail = true;
      const transcriber = new LocalTranscriber({
        objects: flaky.objects,
        jobsDir: join(flaky.dir, 'jobs'),
        onStateChange: async (change) => {
          if (fail) throw new Error('queue unavailable');
          flaky.changes.push(change);
        },
      });
      const jobName = 'cci_demo-tenant_retry_0123456789';
      const req = request(jobName, `${TENANT}/calls/none.wav`, 'standard');
      await expect(transcriber.start(req)).rejects.toThrow('queue unavailable');
      fail = false;
      expect(await transcriber.start(req)).toBe('exists');
      expect(flaky.changes).toEqual([expect.objectContaining({ jobName, status: 'FAILED' })]);
      expect(await transcriber.start(req)).toBe('exists');
      expect(flaky.changes).toHaveLength(1);
    } finally {
      await rm(flaky.dir, { recursive: true, force: true });
    }
  });

  it('the first start clears temp audio left by a killed worker, not a live one', async () => {
    const fresh = await harness();
    try {
      const dead = spawnSync('true').pid ?? 999_999;
      const orphan = join(fresh.sttTmp, `cci-lite-stt-${dead}-abcdef`);
      const live = join(fresh.sttTmp, `cci-lite-stt-${process.pid}-abcdef`);
      for (const dir of [orphan, live]) {
        await mkdir(dir);
        await writeFile(join(dir, 'input.wav'), 'audio');
      }
      await fresh.transcriber.start(
        request('cci_demo-tenant_sweep_0123456789', `${TENANT}/calls/none.wav`, 'standard'),
      );
      expect(await readdir(fresh.sttTmp)).toEqual([`cci-lite-stt-${process.pid}-abcdef`]);
    } finally {
      await rm(fresh.dir, { recursive: true, force: true });
    }
  });

  it('missing pocketsphinx is a MISSING_DEPENDENCY error with the install command', async () => {
    const broken = await harness({ pocketsphinxBin: '/nonexistent/pocketsphinx_continuous' });
    try {
      const err = await broken.transcriber
        .start(request('cci_demo-tenant_x_0123456789', `${TENANT}/calls/x.wav`, 'standard'))
        .catch((e: unknown) => e);
      expect(err).toBeInstanceOf(CciError);
      expect(err).toMatchObject({ code: 'MISSING_DEPENDENCY', fault: 'user' });
      expect((err as CciError).hint).toBe(
        'sudo apt-get install pocketsphinx pocketsphinx-en-us sox',
      );
      // Nothing was recorded: once installed, the retried event starts the job.
      expect(
        await broken.transcriber.get('cci_demo-tenant_x_0123456789', 'standard'),
      ).toBeUndefined();
    } finally {
      await rm(broken.dir, { recursive: true, force: true });
    }
  });
});
