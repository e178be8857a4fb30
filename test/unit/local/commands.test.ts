import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCliCaptured, type CliRun } from '../../helpers/capture-io.js';
import { loadDefaultTemplate } from '../../helpers/templates.js';
import { runWorker } from '../../../src/local/runner.js';
import { openWorkspace } from '../../../src/local/workspace.js';
import { wavBytes } from '../pipeline/fakes.js';
import { ScriptedTranscriber, analysis, passAll } from './scripted-engines.js';

let dir: string;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'cci-cmd-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

function cli(...argv: string[]): Promise<CliRun> {
  return runCliCaptured(argv, { cwd: dir });
}

async function json<T>(...argv: string[]): Promise<T> {
  const r = await cli(...argv, '--json');
  if (r.code !== 0) throw new Error(`${argv.join(' ')} exited ${r.code}: ${r.stdout}${r.stderr}`);
  return JSON.parse(r.stdout) as T;
}

/** Runs the queue with scripted engines (no pocketsphinx), as `run` would. */
async function process(): Promise<void> {
  const ws = openWorkspace({ workspace: '.cci-lite' }, dir);
  try {
    await runWorker(ws, {
      engines: {
        transcriber: new ScriptedTranscriber(ws),
        analyzer: { analyze: async () => analysis },
        evaluate: passAll,
      },
    });
  } finally {
    ws.close();
  }
}

describe('init', () => {
  it('creates the workspace, and a second run finds everything', async () => {
    const first = await json<{ created: Array<{ name: string }>; found: unknown[] }>('init');
    expect(first.created.map((i) => i.name)).toEqual([
      'workspace',
      'bucket cci-lite-input',
      'bucket cci-lite-results',
      'bucket cci-lite-athena-staging',
      'object metadata',
      'transcription jobs',
      'reports',
      'config store (SQLite)',
      'queue and dead-letter queue (SQLite)',
    ]);
    expect(first.found).toEqual([]);
    const second = await json<{ created: unknown[]; found: unknown[] }>('init');
    expect(second.created).toEqual([]);
    expect(second.found).toHaveLength(9);
    const text = await cli('init');
    expect(text.stdout).toContain('nothing was created');
  });

  it('creates nothing with --dry-run', async () => {
    const r = await cli('init', '--dry-run');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('would create');
    expect(existsSync(join(dir, '.cci-lite'))).toBe(false);
  });

  it('uses the workspace directory of the config', async () => {
    await writeFile(join(dir, 'cci-lite.config.json'), JSON.stringify({ workspace: 'ws' }));
    await json('init');
    expect(existsSync(join(dir, 'ws', 'config.sqlite'))).toBe(true);
  });

  it('commands on a missing workspace say how to create it', async () => {
    const r = await cli('tenant', 'list');
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('WORKSPACE_NOT_FOUND');
    expect(r.stderr).toContain('cci-lite init');
  });
});

describe('tenant and qa-template', () => {
  beforeEach(async () => {
    await json('init');
  });

  it('adds a tenant with the default template as v1, idempotently', async () => {
    const added = await json<{ action: string; template: unknown; tenant: { name: string } }>(
      'tenant',
      'add',
      'demo-tenant',
    );
    expect(added).toMatchObject({
      action: 'created',
      template: { version: 'v1', action: 'created' },
      tenant: { name: 'Demo Tenant', activeTemplateVersion: 'v1' },
    });
    const again = await json<{ action: string }>('tenant', 'add', 'demo-tenant', '--name', 'X');
    expect(again).toMatchObject({ action: 'found', tenant: { name: 'Demo Tenant' } });
    await json('tenant', 'add', 'acme-support', '--name', 'Acme', '--model', 'my-model');
    const list = await json<{ tenants: Array<{ id: string; bedrockModel: string }> }>(
      'tenant',
      'list',
    );
    expect(list.tenants.map((t) => [t.id, t.bedrockModel])).toEqual([
      ['acme-support', 'my-model'],
      ['demo-tenant', 'eu.anthropic.claude-haiku-4-5-20251001-v1:0'],
    ]);
  });

  it('sets and updates call handling and the webhook, keeping what is omitted', async () => {
    const added = await json<{ action: string; tenant: Record<string, unknown> }>(
      'tenant',
      'add',
      'acme',
      '--agent-channel',
      '1',
      '--channel-layout',
      'stereo',
    );
    expect(added).toMatchObject({
      action: 'created',
      tenant: { agentChannel: 1, channelLayout: 'stereo' },
    });
    expect(added.tenant).not.toHaveProperty('webhookUrl');
    const hook = 'https://hooks.slack.com/services/T0/B0/secret';
    const updated = await json<{ action: string; tenant: Record<string, unknown> }>(
      'tenant',
      'add',
      'acme',
      '--webhook',
      hook,
    );
    expect(updated).toMatchObject({
      action: 'updated',
      tenant: { agentChannel: 1, channelLayout: 'stereo', webhookUrl: hook },
    });
    const same = await json<{ action: string }>('tenant', 'add', 'acme', '--webhook', hook);
    expect(same.action).toBe('found');
  });

  it.each([
    ['--agent-channel', '2'],
    ['--channel-layout', 'quad'],
    ['--webhook', 'http://hooks.example.com/x'],
    ['--webhook', 'not a url'],
  ])('refuses %s %j (exit 2)', async (flag, value) => {
    const r = await cli('tenant', 'add', 'acme', flag, value);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(flag);
  });

  it.each([['tmp'], ['Bad_Id'], ['x']])('refuses the tenant id %j (exit 2)', async (id) => {
    const r = await cli('tenant', 'add', id);
    expect(r.code).toBe(2);
  });

  it('pushes, lists and shows template versions', async () => {
    await json('tenant', 'add', 'demo-tenant');
    const file = join(dir, 'form.json');
    const template = loadDefaultTemplate();
    await writeFile(
      file,
      JSON.stringify({ ...template, criteria: template.criteria.slice(0, 3), version: 'v1' }),
    );
    const refused = await cli('qa-template', 'push', file, '--tenant', 'demo-tenant');
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('TEMPLATE_VERSION_EXISTS');

    const pushed = await json(
      'qa-template',
      'push',
      file,
      '--tenant',
      'demo-tenant',
      '--version=v2',
    );
    expect(pushed).toMatchObject({ version: 'v2', action: 'created', active: true, criteria: 3 });
    const forced = await json('qa-template', 'push', file, '--tenant', 'demo-tenant', '--force');
    expect(forced).toMatchObject({ version: 'v1', action: 'replaced' });

    const list = await json<{ templates: Array<{ version: string; active: boolean }> }>(
      'qa-template',
      'list',
      '--tenant',
      'demo-tenant',
    );
    expect(list.templates.map((t) => [t.version, t.active])).toEqual([
      ['v1', true],
      ['v2', false],
    ]);
    const shown = await json<{ template: { version: string; criteria: unknown[] } }>(
      'qa-template',
      'show',
      '--tenant',
      'demo-tenant',
      '--version=v2',
    );
    expect(shown.template.version).toBe('v2');
    const text = await cli('qa-template', 'show', '--tenant', 'demo-tenant');
    expect(text.stdout).toContain('(active)');
    const missing = await cli('qa-template', 'show', '--tenant', 'demo-tenant', '--version=v9');
    expect(missing.code).toBe(2);
  });

  it('removes a tenant only when confirmed, keeping its data unless --purge', async () => {
    await json('tenant', 'add', 'acme-support');
    await writeFile(join(dir, 'call.wav'), wavBytes(2));
    await json('calls', 'upload', 'call.wav', '--tenant', 'acme-support');

    const refused = await cli('tenant', 'remove', 'acme-support');
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('--yes');

    const removed = await json<{ items: number; purged: unknown }>(
      'tenant',
      'remove',
      'acme-support',
      '--yes',
    );
    expect(removed).toMatchObject({ existed: true, items: 2, purged: null });
    expect(
      existsSync(join(dir, '.cci-lite/buckets/cci-lite-input/acme-support/calls/call.wav')),
    ).toBe(true);
    const jobs = join(dir, '.cci-lite/transcribe-jobs');
    await writeFile(join(jobs, 'cci_acme-support_call_wav_0123456789.json'), '{}');
    await writeFile(join(jobs, 'cci_acme-support-2_call_wav_0123456789.json'), '{}');
    const purged = await json('tenant', 'remove', 'acme-support', '--yes', '--purge');
    expect(purged).toMatchObject({
      existed: false,
      purged: { input: 1, results: 0, transcriptionJobs: 1 },
    });
    expect(await readdir(jobs)).toEqual(['cci_acme-support-2_call_wav_0123456789.json']);
    expect(await readdir(join(dir, '.cci-lite/buckets/cci-lite-input'))).toEqual([]);
  });
});

describe('--dry-run changes nothing', () => {
  beforeEach(async () => {
    await json('init');
  });

  it('for tenant add, qa-template push, calls upload, run, dlq redrive and tenant remove', async () => {
    expect(await json('tenant', 'add', 'demo-tenant', '--dry-run')).toMatchObject({
      action: 'would create',
      template: { action: 'would create' },
    });
    expect((await json<{ tenants: unknown[] }>('tenant', 'list')).tenants).toEqual([]);

    await json('tenant', 'add', 'demo-tenant');
    const form = join(dir, 'form.json');
    await writeFile(form, JSON.stringify({ ...loadDefaultTemplate(), version: 'v2' }));
    expect(
      await json('qa-template', 'push', form, '--tenant', 'demo-tenant', '--dry-run'),
    ).toMatchObject({ version: 'v2', action: 'would create' });
    expect(
      (await json<{ templates: unknown[] }>('qa-template', 'list', '--tenant', 'demo-tenant'))
        .templates,
    ).toHaveLength(1);

    await writeFile(join(dir, 'a.wav'), wavBytes(2));
    const planned = await json<{ uploaded: Array<{ key: string }> }>(
      'calls',
      'upload',
      'a.wav',
      '--tenant',
      'demo-tenant',
      '--dry-run',
    );
    expect(planned.uploaded.map((u) => u.key)).toEqual(['demo-tenant/calls/a.wav']);
    expect(await readdir(join(dir, '.cci-lite/buckets/cci-lite-input'))).toEqual([]);

    await json('calls', 'upload', 'a.wav', '--tenant', 'demo-tenant');
    const plan = await json<{ queues: Record<string, { available: number }> }>('run', '--dry-run');
    expect(plan.queues['job-init']?.available).toBe(1);
    expect(await json('dlq', 'redrive', '--dry-run')).toEqual({ wouldRedrive: 0 });

    const removal = await json('tenant', 'remove', 'demo-tenant', '--purge', '--dry-run');
    expect(removal).toMatchObject({ dryRun: true, existed: true, purged: { input: 1 } });
    expect((await json<{ tenants: unknown[] }>('tenant', 'list')).tenants).toHaveLength(1);
    expect(existsSync(join(dir, '.cci-lite/buckets/cci-lite-input/demo-tenant/calls/a.wav'))).toBe(
      true,
    );
  });
});

describe('calls, results and the dead-letter queue', () => {
  beforeEach(async () => {
    await json('init');
    await json('tenant', 'add', 'demo-tenant');
  });

  it('uploads calls, and lists and shows their results once processed', async () => {
    await writeFile(join(dir, 'a.wav'), wavBytes(2));
    await writeFile(join(dir, 'b.wav'), wavBytes(1));
    const up = await json<{ uploaded: Array<{ key: string; callId: string }> }>(
      'calls',
      'upload',
      'a.wav',
      'b.wav',
      '--tenant',
      'demo-tenant',
      '--agent-id',
      'A-17',
      '--queue',
      'billing',
    );
    expect(up.uploaded.map((u) => u.key)).toEqual([
      'demo-tenant/calls/a.wav',
      'demo-tenant/calls/b.wav',
    ]);
    const pending = await cli('results', 'show', up.uploaded[0]?.callId ?? '');
    expect(pending.code).toBe(2);

    await process();
    const list = await json<{
      calls: Array<{ status: string; percentage: number; agentId: string }>;
    }>('results', 'list', '--tenant', 'demo-tenant');
    expect(list.calls).toHaveLength(2);
    expect(list.calls.every((c) => c.status === 'COMPLETED' && c.percentage === 100)).toBe(true);
    expect(list.calls.every((c) => c.agentId === 'A-17')).toBe(true);

    const callId = up.uploaded[0]?.callId ?? '';
    const shown = await json<{ call_id: string; metadata: unknown }>('results', 'show', callId);
    expect(shown).toMatchObject({
      call_id: callId,
      metadata: { agent_id: 'A-17', queue: 'billing' },
    });
    const text = await cli('results', 'show', callId);
    expect(text.stdout).toContain('PASS');
  });

  it('warns when uploading for a tenant that does not exist', async () => {
    await writeFile(join(dir, 'a.wav'), wavBytes(2));
    const r = await cli('calls', 'upload', 'a.wav', '--tenant', 'ghost-tenant');
    expect(r.code).toBe(0);
    expect(r.stderr).toContain('does not exist');
  });

  it('lists and redrives dead letters', async () => {
    const empty = await cli('dlq', 'list');
    expect(empty.stdout).toContain('empty');
    await writeFile(join(dir, 'ghost.wav'), wavBytes(2));
    await json('calls', 'upload', 'ghost.wav', '--tenant', 'ghost-tenant');
    await process();
    const dlq = await json<{
      count: number;
      deadLetters: Array<{ reason: string; callId: string }>;
    }>('dlq', 'list');
    expect(dlq.count).toBe(1);
    expect(dlq.deadLetters[0]?.reason).toContain('UNKNOWN_TENANT');
    expect(dlq.deadLetters[0]?.callId).toMatch(/^cci_ghost-tenant_ghost_wav_/);

    // Fix the cause, redrive, process: the call completes.
    await json('tenant', 'add', 'ghost-tenant');
    expect(await json('dlq', 'redrive')).toEqual({ redriven: 1 });
    await process();
    expect(await json('dlq', 'list')).toMatchObject({ count: 0 });
    const list = await json<{ calls: Array<{ status: string }> }>(
      'results',
      'list',
      '--tenant',
      'ghost-tenant',
    );
    expect(list.calls.map((c) => c.status)).toEqual(['COMPLETED']);
  });
});
