import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCliCaptured } from '../../helpers/capture-io.js';
import { DEFAULT_TEMPLATE_PATH } from '../../helpers/templates.js';
import { COMMANDS } from '../../../src/commands/index.js';

describe('cci-lite CLI shell', () => {
  it('lists the registered commands and the global options in --help', async () => {
    const r = await runCliCaptured(['--help']);
    expect(r.code).toBe(0);
    for (const spec of COMMANDS) expect(r.stdout).toContain(spec.path[0]);
    for (const opt of [
      '--target',
      '--config',
      '--profile',
      '--region',
      '--json',
      '--yes',
      '--dry-run',
      '--verbose',
    ]) {
      expect(r.stdout).toContain(opt);
    }
  });

  it('shows a group help with its subcommands', async () => {
    const r = await runCliCaptured(['qa-template', '--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('validate');
  });

  it('validates the default template with exit 0', async () => {
    const r = await runCliCaptured(['qa-template', 'validate', DEFAULT_TEMPLATE_PATH]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('is a valid QA template');
    expect(r.stdout).toContain('compliance_05');
  });

  it('gives machine output with --json, wherever the flag stands', async () => {
    const r = await runCliCaptured(['qa-template', 'validate', DEFAULT_TEMPLATE_PATH, '--json']);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout) as {
      ok: boolean;
      template: { criteria: unknown[]; total_weight: number };
    };
    expect(out.ok).toBe(true);
    expect(out.template.criteria).toHaveLength(5);
    expect(out.template.total_weight).toBe(4.5);
  });

  it('exits 2 naming the bad criterion and field for a broken template', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'cci-cli-'));
    const file = join(dir, 'bad.json');
    await writeFile(
      file,
      JSON.stringify({
        id: 'x',
        version: 'v1',
        criteria: [{ id: 'greet_01', text: 'Hi?', weight: -1 }],
        scoring: { pass_threshold: 0.5 },
      }),
    );
    const r = await runCliCaptured(['qa-template', 'validate', file]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('Error [INVALID_QA_TEMPLATE]');
    expect(r.stderr).toContain('criterion "greet_01" (criteria[0]) field "weight": must be > 0');
    expect(r.stderr).toContain('hint:');
    expect(r.stdout).toBe('');

    const j = await runCliCaptured(['--json', 'qa-template', 'validate', file]);
    expect(j.code).toBe(2);
    const body = JSON.parse(j.stdout) as {
      ok: boolean;
      error: { code: string; fault: string; details: Array<{ path: string }> };
    };
    expect(body).toMatchObject({
      ok: false,
      error: { code: 'INVALID_QA_TEMPLATE', fault: 'user' },
    });
    expect(body.error.details[0]!.path).toBe('criteria[0].weight');
  });

  it('reports a missing file and bad JSON as user errors', async () => {
    const missing = await runCliCaptured(['qa-template', 'validate', '/nonexistent/t.json']);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('FILE_NOT_FOUND');

    const dir = await mkdtemp(join(tmpdir(), 'cci-cli-'));
    await writeFile(join(dir, 't.json'), '{ nope');
    const bad = await runCliCaptured(['qa-template', 'validate', 't.json'], { cwd: dir });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('INVALID_JSON');
  });

  it('exits 2 on usage errors (unknown command, missing argument, bad --target)', async () => {
    expect((await runCliCaptured(['frobnicate'])).code).toBe(2);
    const missing = await runCliCaptured(['qa-template', 'validate']);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain("missing required argument 'file'");
    const target = await runCliCaptured(['--target', 'gcp', 'config', 'show']);
    expect(target.code).toBe(2);
    expect(target.stderr).toMatch(/Allowed choices are local, aws/);
  });

  it('prints the stack only with --verbose', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'cci-cli-'));
    await writeFile(join(dir, 'cci-lite.config.json'), JSON.stringify({ region: 'nowhere' }));
    const quiet = await runCliCaptured(['config', 'show'], { cwd: dir });
    expect(quiet.code).toBe(2);
    expect(quiet.stderr).toContain('region: must be an AWS region');
    expect(quiet.stderr).not.toMatch(/\n\s+at /);
    const loud = await runCliCaptured(['config', 'show', '--verbose'], { cwd: dir });
    expect(loud.stderr).toMatch(/\n\s+at /);
  });

  it('config show applies --target and --region over the file', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'cci-cli-'));
    await writeFile(
      join(dir, 'cci-lite.config.json'),
      JSON.stringify({ accountId: '111122223333' }),
    );
    const r = await runCliCaptured(
      ['--json', '--target', 'aws', '--region', 'us-east-1', 'config', 'show'],
      { cwd: dir },
    );
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout) as {
      config: { target: string };
      resourceNames: { inputBucket: string };
    };
    expect(out.config.target).toBe('aws');
    expect(out.resourceNames.inputBucket).toBe('cci-lite-input-111122223333-us-east-1');
  });

  it('prints the version', async () => {
    const r = await runCliCaptured(['--version']);
    expect(r.code).toBe(0);
    expect(r.stdout.trim()).toMatch(/^\d+\.\d+\.\d+$/);
  });
});
