import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ConfigSchema } from '../../../src/core/config/schema.js';
import { userError } from '../../../src/core/errors.js';
import { runLocalDoctor } from '../../../src/local/ops/doctor-local.js';
import type { SpeechTools } from '../../../src/local/speech/dependencies.js';
import { SqliteQueue } from '../../../src/local/queue/sqlite-queue.js';
import { SqliteConfigStore } from '../../../src/local/store/sqlite-config-store.js';
import { workspacePaths } from '../../../src/local/workspace-paths.js';
import { runCliCaptured } from '../../helpers/capture-io.js';
import { writeFixtureResult } from '../../helpers/result-fixtures.js';

let cwd: string;
const paths = () => workspacePaths(cwd, '.cci-lite');
const cli = (...argv: string[]) => runCliCaptured(argv, { cwd });

beforeEach(async () => {
  cwd = await mkdtemp(join(tmpdir(), 'cci-doctor-local-'));
});
afterEach(async () => {
  await rm(cwd, { recursive: true, force: true });
});

/** The checks that do not depend on what this machine has installed. */
const WORKSPACE_CHECKS = [
  '--check',
  'workspace',
  '--check',
  'qa-templates',
  '--check',
  'dlq',
  '--check',
  'results',
];

async function setUp(): Promise<void> {
  expect((await cli('init')).code).toBe(0);
  expect((await cli('tenant', 'add', 'good-co')).code).toBe(0);
  expect((await cli('tenant', 'add', 'broken-co')).code).toBe(0);
}

/** Writes the item by hand, past validation, as a stray edit of the store would. */
function breakTemplate(tenant: string): void {
  const store = new SqliteConfigStore(paths().configDb);
  try {
    void store.put({
      pk: `TENANT#${tenant}`,
      sk: 'QA_TEMPLATE#v1',
      id: 'broken',
      version: 'v1',
      criteria: [{ id: 'greet', text: 'Greets', weight: 0, required: false }],
      scoring: { pass_threshold: 0.8 },
    });
  } finally {
    store.close();
  }
}

function deadLetter(reason: string): void {
  const queue = new SqliteQueue(paths().queueDb);
  try {
    queue.send('job-init', JSON.stringify({ Records: [] }));
    const [message] = queue.receive('job-init', { visibilityMs: 60_000 });
    if (message === undefined) throw new Error('no message');
    queue.fail(message.receipt, reason, { retryable: false });
  } finally {
    queue.close();
  }
}

describe('cci-lite doctor (local)', () => {
  it('without a workspace: workspace fails with the init hint, the rest skip, exit 1', async () => {
    const run = await cli('doctor', ...WORKSPACE_CHECKS);
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/workspace\s*│\s*FAIL\s*│\s*no workspace at/);
    expect(run.stdout).toMatch(/qa-templates\s*│\s*SKIP/);
    expect(run.stdout).toContain('workspace: Create it with `cci-lite init`.');
    expect(run.stderr).toContain('Error [DOCTOR_FAILED]: 1 doctor check(s) failed: workspace');
  });

  it('a healthy workspace passes: exit 0, every row OK', async () => {
    await setUp();
    const run = await cli('doctor', ...WORKSPACE_CHECKS);
    expect(run.stdout).toMatch(
      /qa-templates\s*│\s*OK\s*│\s*2 tenant\(s\) have a valid template: broken-co → QA_TEMPLATE#v1, good-co → QA_TEMPLATE#v1/,
    );
    expect(run.stdout).toMatch(/dlq\s*│\s*OK\s*│\s*the dead-letter queue is empty/);
    expect(run.stdout).toMatch(/results\s*│\s*OK\s*│\s*no results yet/);
    expect(run.stdout).toContain('✔ 4 of 4 checks ok');
    expect(run.code).toBe(0);
  });

  it('a broken template item, dead letters and an invalid result are each reported with a hint', async () => {
    await setUp();
    breakTemplate('broken-co');
    deadLetter(
      'UNKNOWN_TENANT: Tenant "x" does not exist. (Create it with: cci-lite tenant add x)',
    );
    deadLetter('UNKNOWN_TENANT: Tenant "y" does not exist.');
    deadLetter('EMPTY_AUDIO: the file is empty');
    const results = paths().buckets.results;
    await writeFixtureResult(results, {
      tenantId: 'good-co',
      name: 'fine',
      callDate: '2025-11-05',
      outcomes: { greet_01: 'passed' },
    });
    const badKey = 'good-co/2025/11/06/cci_good-co_bad_wav.json';
    await mkdir(dirname(join(results, badKey)), { recursive: true });
    await writeFile(join(results, badKey), JSON.stringify({ tenant_id: 'good-co' }));

    const run = await cli('doctor', ...WORKSPACE_CHECKS, '--json');
    expect(run.code).toBe(1);
    const out = JSON.parse(run.stdout) as {
      ok: boolean;
      error: { code: string; details: { ok: boolean; checks: Array<Record<string, string>> } };
    };
    expect(out.error.code).toBe('DOCTOR_FAILED');
    const byId = Object.fromEntries(out.error.details.checks.map((c) => [c.id, c]));
    expect(byId['qa-templates']).toMatchObject({
      status: 'fail',
      detail: expect.stringMatching(
        /^1 of 2 tenant\(s\): TENANT#broken-co \/ QA_TEMPLATE#v1: invalid: criterion "greet" \(criteria\[0\]\) field "weight"/,
      ),
      hint: expect.stringContaining(
        'cci-lite qa-template push <file> --tenant broken-co --version v1 --force',
      ),
    });
    expect(byId['dlq']).toMatchObject({
      status: 'warn',
      detail: '3 dead letter(s): UNKNOWN_TENANT ×2, EMPTY_AUDIO ×1',
      hint: expect.stringContaining('cci-lite dlq list'),
    });
    expect(byId['results']).toMatchObject({
      status: 'fail',
      detail: expect.stringMatching(
        new RegExp(`^1 of 2 result\\(s\\) fail the result schema: ${badKey} \\(`),
      ),
    });
  });

  it('--tenant limits the template check; a tenant without META fails with tenant add', async () => {
    await setUp();
    breakTemplate('broken-co');
    const good = await cli('doctor', '--check', 'qa-templates', '--tenant', 'good-co');
    expect(good.code).toBe(0);
    const missing = await cli('doctor', '--check', 'qa-templates', '--tenant', 'nobody', '--json');
    expect(missing.code).toBe(1);
    expect(missing.stdout).toContain('TENANT#nobody / META#v1: no META#v1 item');
    expect(missing.stdout).toContain('cci-lite tenant add nobody');
  });

  it('an unknown --check is bad input (exit 2) naming the checks', async () => {
    const run = await cli('doctor', '--check', 'nope');
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('Unknown doctor check: nope.');
    expect(run.stderr).toContain(
      'workspace, speech-tools, qa-templates, llm-endpoint, dlq, results',
    );
  });
});

describe('runLocalDoctor: machine checks', () => {
  const config = ConfigSchema.parse({});
  const tools: SpeechTools = {
    pocketsphinx: '/usr/bin/pocketsphinx_continuous',
    sox: '/usr/bin/sox',
    model: { hmm: '/m/en-us', lm: '/m/en-us.lm.bin', dict: '/m/cmudict-en-us.dict' },
  };

  it('speech-tools: found is ok, missing fails with the install command', async () => {
    const found = await runLocalDoctor({
      config,
      cwd,
      only: ['speech-tools'],
      findTools: async () => tools,
    });
    expect(found.checks[0]).toMatchObject({
      status: 'ok',
      detail: expect.stringContaining('/usr/bin/sox'),
    });
    const missing = await runLocalDoctor({
      config,
      cwd,
      only: ['speech-tools'],
      findTools: async () => {
        throw userError('MISSING_DEPENDENCY', 'The local transcriber needs sox.', {
          hint: 'sudo apt-get install pocketsphinx pocketsphinx-en-us sox',
        });
      },
    });
    expect(missing.ok).toBe(false);
    expect(missing.checks[0]).toEqual({
      id: 'speech-tools',
      title: 'pocketsphinx and sox installed',
      status: 'fail',
      detail: 'MISSING_DEPENDENCY: The local transcriber needs sox.',
      hint: 'sudo apt-get install pocketsphinx pocketsphinx-en-us sox',
    });
  });

  it('llm-endpoint: skipped without an endpoint', async () => {
    const report = await runLocalDoctor({ config, cwd, only: ['llm-endpoint'] });
    expect(report.checks[0]?.status).toBe('skip');
    expect(report.ok).toBe(true);
  });

  describe('with an endpoint', () => {
    let server: Server;
    let requests: Array<{ url: string; body: Record<string, unknown> }>;
    let status = 200;
    beforeEach(async () => {
      requests = [];
      server = createServer((req, res) => {
        let body = '';
        req.on('data', (c: Buffer) => (body += c.toString()));
        req.on('end', () => {
          requests.push({ url: req.url ?? '', body: JSON.parse(body) as Record<string, unknown> });
          res.writeHead(status, { 'content-type': 'application/json' });
          res.end(
            status === 200
              ? JSON.stringify({
                  choices: [{ message: { content: 'pong' }, finish_reason: 'length' }],
                })
              : JSON.stringify({ error: { message: 'model not found' } }),
          );
        });
      });
      await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    });
    afterEach(() => new Promise<void>((r) => server.close(() => r())));
    const endpointConfig = () =>
      ConfigSchema.parse({
        llmEndpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`,
      });

    it('one tiny request: ok when it answers', async () => {
      status = 200;
      const report = await runLocalDoctor({
        config: endpointConfig(),
        cwd,
        only: ['llm-endpoint'],
      });
      expect(report.checks[0]).toMatchObject({
        status: 'ok',
        detail: expect.stringContaining('answered (text)'),
      });
      expect(requests).toHaveLength(1);
      expect(requests[0]?.url).toBe('/v1/chat/completions');
      expect(requests[0]?.body).toMatchObject({ model: 'local-model', max_tokens: 5 });
    });

    it('a rejection fails with the client error and hint', async () => {
      status = 404;
      const report = await runLocalDoctor({
        config: endpointConfig(),
        cwd,
        only: ['llm-endpoint'],
      });
      expect(report.checks[0]).toMatchObject({
        status: 'fail',
        detail: expect.stringMatching(/^LLM_ENDPOINT_REJECTED: .*404.*model not found/),
      });
      expect(report.checks[0]?.hint).toBeTruthy();
    });
  });
});
