import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type * as Prompts from '@inquirer/prompts';
import { afterAll, afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { DeleteFunctionCommand } from '@aws-sdk/client-lambda';
import { DeleteObjectsCommand, ListObjectVersionsCommand } from '@aws-sdk/client-s3';
import { ScheduleKeyDeletionCommand } from '@aws-sdk/client-kms';
import { awsError, mockAws, TEST_ACCOUNT, TEST_REGION } from '../../helpers/aws-mocks.js';
import { runCliCaptured } from '../../helpers/capture-io.js';
import { confirmDestroy } from '../../../src/commands/destroy.js';
import { BUCKETS, destroyAccount, KEY_ID, type DestroyAccount } from './destroy-account.js';

const typed = vi.hoisted(() => ({ answer: '' }));
vi.mock('@inquirer/prompts', async (original) => ({
  ...(await original<typeof Prompts>()),
  input: vi.fn(() => Promise.resolve(typed.answer)),
}));

interface Row {
  step: string;
  type: string;
  name: string;
  action: string;
  reason?: string;
  count?: number;
}
interface DestroyJson {
  target: string;
  accountId: string;
  dryRun: boolean;
  purge: boolean;
  resources: Row[];
  summary: string;
}

const aws = mockAws();
let account: DestroyAccount;
let cwd: string;

beforeEach(async () => {
  aws.reset();
  account = destroyAccount(aws.mocks);
  cwd = await mkdtemp(join(tmpdir(), 'cci-destroy-aws-'));
  await writeFile(
    join(cwd, 'cci-lite.config.json'),
    JSON.stringify({ target: 'aws', region: TEST_REGION }),
  );
});
afterEach(async () => {
  await rm(cwd, { recursive: true, force: true });
});
afterAll(() => aws.restore());

const cli = (...argv: string[]) => runCliCaptured(argv, { cwd });
const confirmed = ['--json', '--yes', 'destroy', '--confirm', TEST_ACCOUNT];
const parse = (stdout: string) => JSON.parse(stdout) as DestroyJson;
const times = (n: number, name: string) => Array.from({ length: n }, () => name);

/** Every mutating call of a fully provisioned account, newest resource first. */
const FULL_PURGE_ORDER = [
  'DeleteDashboard',
  'DeleteAnalysis',
  ...times(2, 'DeleteRefreshSchedule'),
  ...times(3, 'DeleteDataSet'),
  'DeleteDataSource',
  'StopLogging',
  'DeleteTrail',
  ...times(5, 'DeleteAlarms'),
  'DeleteTopic',
  'DeleteEventSourceMapping',
  'RemoveTargets',
  ...times(2, 'DeleteFunction'),
  ...times(2, 'DeleteLogGroup'),
  ...times(3, 'DeleteBudget'),
  ...times(2, 'DeleteNamedQuery'),
  ...times(3, 'DeleteWorkGroup'),
  ...times(3, 'DeleteTable'),
  'DeleteCrawler',
  'DeleteDatabase',
  'RemoveTargets',
  'DeleteRule',
  'DeleteRule',
  'Unsubscribe',
  ...times(2, 'DeleteQueue'),
  'DeleteTopic',
  'UpdateTable',
  'DeleteTable',
  ...times(4, 'DeleteBucket'),
  ...times(4, 'DeleteRolePolicy'),
  'DeleteRole',
  'DeleteRole',
  'DetachRolePolicy',
  'DeleteRole',
  'DeleteRole',
  'ScheduleKeyDeletion',
  'DeleteAlias',
];

describe('cci-lite destroy --target aws', () => {
  it('--purge deletes a fully provisioned account in reverse order of creation', async () => {
    const run = await cli(...confirmed, '--purge');

    expect(run.stdout).not.toContain('"failed"');
    expect(run.code).toBe(0);
    expect(account.log).toEqual(FULL_PURGE_ORDER);
    expect(account.present.size).toBe(0);
    const out = parse(run.stdout);
    expect(out.resources.filter((r) => r.action === 'failed')).toEqual([]);
    expect(out.resources.map((r) => r.name)).toEqual(
      expect.arrayContaining(['tenant-acme', 'tenant-zeta', 'cci-lite-shared']),
    );
    expect(out.resources.find((r) => r.type === 'KMS key')).toMatchObject({
      action: 'scheduled',
      reason: expect.stringContaining(`aws kms cancel-key-deletion --key-id ${KEY_ID}`),
    });
  });

  it('--purge schedules the key deletion with the 30-day window', async () => {
    await cli(...confirmed, '--purge');

    const calls = aws.mocks.kms.commandCalls(ScheduleKeyDeletionCommand);
    expect(calls.map((c) => c.args[0].input)).toEqual([{ KeyId: KEY_ID, PendingWindowInDays: 30 }]);
  });

  it('a second run finds nothing: every resource absent, no delete call, exit 0', async () => {
    await cli(...confirmed, '--purge');
    account.log.length = 0;

    const run = await cli(...confirmed, '--purge');

    expect(run.code).toBe(0);
    expect(account.log).toEqual([]);
    const out = parse(run.stdout);
    expect(out.resources.length).toBeGreaterThan(30);
    expect(new Set(out.resources.map((r) => r.action))).toEqual(new Set(['absent']));
    expect(out.summary).toMatch(/^0 deleted, 0 scheduled, 0 kept, \d+ absent, 0 failed$/);
  });

  it('without --purge keeps the buckets, the table and the key, with reasons', async () => {
    const run = await cli(...confirmed);

    expect(run.code).toBe(0);
    const kept = parse(run.stdout).resources.filter((r) => r.action === 'kept');
    expect(kept.map((r) => `${r.type} ${r.name}`)).toEqual([
      'DynamoDB table cci-lite-config',
      ...['trail', 'athena-staging', 'results', 'input'].map(
        (k) => `S3 bucket cci-lite-${k}-${TEST_ACCOUNT}-${TEST_REGION}`,
      ),
      'KMS key alias/cci-lite-master-key',
    ]);
    expect(kept.every((r) => (r.reason ?? '').length > 0)).toBe(true);
    expect(kept.at(-1)?.reason).toContain('kept DynamoDB table cci-lite-config');
    expect(aws.mocks.kms.commandCalls(ScheduleKeyDeletionCommand)).toHaveLength(0);
    expect(account.log).not.toContain('DeleteBucket');
    expect(account.log).not.toContain('DeleteAlias');
    expect(account.log).not.toContain('UpdateTable');
    expect(account.log.at(-1)).toBe('DeleteRole');
  });

  it('--purge empties a versioned bucket page by page before DeleteBucket', async () => {
    const input = BUCKETS[0] ?? '';
    account.versions.set(input, ['a', 'b', 'c']);

    const run = await cli(...confirmed, '--purge');

    expect(run.code).toBe(0);
    const lists = aws.mocks.s3
      .commandCalls(ListObjectVersionsCommand)
      .filter((c) => c.args[0].input.Bucket === input);
    expect(lists.map((c) => c.args[0].input.KeyMarker)).toEqual([undefined, 'b']);
    const deletes = aws.mocks.s3.commandCalls(DeleteObjectsCommand).map((c) => c.args[0].input);
    expect(deletes).toEqual([
      {
        Bucket: input,
        Delete: {
          Objects: [
            { Key: 'a', VersionId: 'v-a' },
            { Key: 'b', VersionId: 'v-b' },
          ],
          Quiet: true,
        },
      },
      { Bucket: input, Delete: { Objects: [{ Key: 'c', VersionId: 'v-c' }], Quiet: true } },
    ]);
    const at = account.log.lastIndexOf('DeleteObjects');
    expect(account.log.slice(at - 1, at + 2)).toEqual([
      'DeleteObjects',
      'DeleteObjects',
      'DeleteBucket',
    ]);
    expect(parse(run.stdout).resources.find((r) => r.name === input)).toMatchObject({
      action: 'deleted',
      count: 3,
    });
  });

  it('--dry-run lists the plan without asking and without any delete call', async () => {
    account.versions.set(BUCKETS[1] ?? '', ['x']);
    const run = await cli('--json', '--dry-run', 'destroy', '--purge');

    expect(run.code).toBe(0);
    expect(account.log).toEqual([]);
    const out = parse(run.stdout);
    expect(out.dryRun).toBe(true);
    expect(new Set(out.resources.map((r) => r.action))).toEqual(new Set(['delete', 'schedule']));
    expect(out.resources.find((r) => r.name === BUCKETS[1])).toMatchObject({ count: 1 });
    expect(out.summary).toMatch(/^plan: \d+ delete, 1 schedule, 0 kept, 0 absent, 0 failed/);
  });

  it('a failure names the resource and AWS code, the rest goes on, exit 1; a rerun finishes', async () => {
    let denied = false;
    aws.mocks.lambda.on(DeleteFunctionCommand).callsFake((i: { FunctionName: string }) => {
      if (i.FunctionName === 'cci-lite-job-init' && !denied) {
        denied = true;
        throw awsError('AccessDeniedException', 'not allowed');
      }
      account.present.delete(`fn:${i.FunctionName}`);
      return {};
    });

    const first = await cli(...confirmed, '--purge');

    expect(first.code).toBe(1);
    const error = JSON.parse(first.stdout) as {
      error: { code: string; details: DestroyJson };
    };
    expect(error.error.code).toBe('DESTROY_INCOMPLETE');
    expect(error.error.details.resources.filter((r) => r.action === 'failed')).toEqual([
      expect.objectContaining({
        type: 'Lambda function',
        name: 'cci-lite-job-init',
        reason: 'AccessDeniedException: not allowed',
      }),
    ]);
    expect(account.present).toEqual(new Set(['fn:cci-lite-job-init']));

    const second = await cli(...confirmed, '--purge');
    expect(second.code).toBe(0);
    expect(parse(second.stdout).summary).toMatch(/^1 deleted, 0 scheduled, 0 kept, \d+ absent/);
    expect(account.present.size).toBe(0);
  });
});

describe('cci-lite destroy --target aws refuses without confirmation', () => {
  it('no TTY and no --yes: exit 2, nothing deleted', async () => {
    const run = await cli('destroy');
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('--yes --confirm 111122223333');
    expect(account.log).toEqual([]);
  });

  it('--yes without --confirm: exit 2', async () => {
    const run = await cli('--yes', 'destroy');
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('CONFIRMATION_REQUIRED');
    expect(account.log).toEqual([]);
  });

  it('--confirm with another account id: exit 2', async () => {
    const run = await cli('--yes', 'destroy', '--confirm', '999988887777');
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('does not match the account 111122223333');
    expect(account.log).toEqual([]);
  });

  it('on a TTY the typed account id must match', async () => {
    const tty = { interactive: true, globals: { yes: false } } as Parameters<
      typeof confirmDestroy
    >[0];
    const spec = {
      target: 'aws' as const,
      accepted: [TEST_ACCOUNT],
      prompt: 'Type the account id',
    };
    typed.answer = '123';
    await expect(
      confirmDestroy(tty, { purge: false, confirm: undefined }, spec),
    ).rejects.toMatchObject({
      code: 'CANCELLED',
      exitCode: 2,
    });
    typed.answer = ` ${TEST_ACCOUNT} `;
    await expect(
      confirmDestroy(tty, { purge: false, confirm: undefined }, spec),
    ).resolves.toBeUndefined();
  });
});
