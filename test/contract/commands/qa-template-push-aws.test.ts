import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { mockAws } from '../../helpers/aws-mocks.js';
import { runCliCaptured } from '../../helpers/capture-io.js';
import { clearCallHistory, fakeAwsAccount, sentCommands } from '../../helpers/fake-aws-account.js';
import { loadDefaultTemplate } from '../../helpers/templates.js';
import { docMock, installDataPlane, type DataPlane } from './aws-data-plane.js';

const aws = mockAws();
let plane: DataPlane;
let cwd: string;
let form: string;

beforeEach(async () => {
  aws.reset();
  plane = await installDataPlane(aws.mocks, fakeAwsAccount(aws.mocks), aws.clients.kms);
  cwd = await mkdtemp(join(tmpdir(), 'cci-push-aws-'));
  form = join(cwd, 'form.json');
  await writeFile(form, JSON.stringify({ ...loadDefaultTemplate(), version: 'v2' }));
  const add = await cli('tenant', 'add', 'demo-tenant', '--target', 'aws');
  if (add.code !== 0) throw new Error(add.stderr);
  clearCallHistory(aws.mocks);
  plane.doc.resetHistory();
});
afterEach(async () => {
  await rm(cwd, { recursive: true, force: true });
});
afterAll(() => {
  aws.restore();
  docMock.restore();
});

function cli(...argv: string[]) {
  return runCliCaptured(argv, { cwd });
}

const push = (...extra: string[]) =>
  cli(
    'qa-template',
    'push',
    form,
    '--tenant',
    'demo-tenant',
    '--target',
    'aws',
    '--json',
    ...extra,
  );

const item = (sk: string) => plane.items.get(`TENANT#demo-tenant\u0000${sk}`);

interface PushJson {
  tenant: string;
  version: string;
  action: string;
  active: boolean;
  criteria: number;
}

describe('cci-lite qa-template push --target aws', () => {
  it('stores the file version with a condition expression and makes it active', async () => {
    const run = await push();

    expect(run.code, run.stdout).toBe(0);
    expect(JSON.parse(run.stdout)).toEqual({
      tenant: 'demo-tenant',
      version: 'v2',
      action: 'created',
      active: true,
      criteria: loadDefaultTemplate().criteria.length,
    } satisfies PushJson);
    const first = plane.doc.commandCalls(PutCommand)[0]?.args[0].input;
    expect(first).toMatchObject({
      TableName: 'cci-lite-config',
      Item: { pk: 'TENANT#demo-tenant', sk: 'QA_TEMPLATE#v2', version: 'v2' },
      ConditionExpression: 'attribute_not_exists(pk)',
    });
    expect(item('META#v1')?.activeTemplateVersion).toBe('v2');
  });

  it('an existing version without --force exits 2 with TEMPLATE_VERSION_EXISTS and changes nothing', async () => {
    await push();
    const before = structuredClone(item('QA_TEMPLATE#v2'));
    await writeFile(form, JSON.stringify({ ...loadDefaultTemplate(), version: 'v2', id: 'other' }));

    const run = await push();

    expect(run.code).toBe(2);
    const out = JSON.parse(run.stdout) as { ok: boolean; error: { code: string; hint?: string } };
    expect(out).toMatchObject({ ok: false, error: { code: 'TEMPLATE_VERSION_EXISTS' } });
    expect(out.error.hint).toContain('--force');
    expect(item('QA_TEMPLATE#v2')).toEqual(before);
  });

  it('--force replaces the existing version', async () => {
    await push();
    await writeFile(form, JSON.stringify({ ...loadDefaultTemplate(), version: 'v2', id: 'other' }));

    const run = await push('--force');

    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ version: 'v2', action: 'replaced' });
    expect(item('QA_TEMPLATE#v2')?.id).toBe('other');
  });

  it('--version stores it under another version (a subcommand option, not the program version)', async () => {
    const run = await push('--version', 'v3');

    expect(run.code, run.stdout).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ version: 'v3', action: 'created' });
    expect(item('QA_TEMPLATE#v3')?.version).toBe('v3');
    expect(item('META#v1')?.activeTemplateVersion).toBe('v3');
  });

  it('--dry-run says what it would do and writes nothing', async () => {
    const run = await push('--dry-run');

    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({
      version: 'v2',
      action: 'would create',
      active: false,
    });
    expect(plane.doc.commandCalls(PutCommand)).toEqual([]);
    expect(item('QA_TEMPLATE#v2')).toBeUndefined();
  });

  it('--dry-run of an existing version without --force is refused as the push would be', async () => {
    const run = await cli(
      'qa-template',
      'push',
      form,
      '--tenant',
      'demo-tenant',
      '--target',
      'aws',
      '--version',
      'v1',
      '--dry-run',
    );

    expect(run.code).toBe(2);
    expect(run.stderr).toContain('TEMPLATE_VERSION_EXISTS');
  });

  it('an invalid template exits 2 before any AWS call', async () => {
    await writeFile(form, JSON.stringify({ id: 'x', version: 'v2', criteria: [] }));

    const run = await push();

    expect(run.code).toBe(2);
    expect(JSON.parse(run.stdout)).toMatchObject({ error: { code: 'INVALID_QA_TEMPLATE' } });
    expect(sentCommands(aws.mocks)).toEqual([]);
    expect(plane.doc.calls()).toEqual([]);
  });

  it('an unknown tenant exits 2', async () => {
    const run = await cli('qa-template', 'push', form, '--tenant', 'nobody', '--target', 'aws');

    expect(run.code).toBe(2);
    expect(run.stderr).toContain('UNKNOWN_TENANT');
    expect(plane.doc.commandCalls(PutCommand)).toEqual([]);
  });

  it('prints what it did', async () => {
    const run = await cli(
      'qa-template',
      'push',
      form,
      '--tenant',
      'demo-tenant',
      '--target',
      'aws',
    );

    expect(run.code).toBe(0);
    expect(run.stdout).toContain('created QA template v2 for demo-tenant');
    expect(run.stdout).toContain('now active');
  });
});
