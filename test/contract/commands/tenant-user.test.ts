import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mockAws } from '../../helpers/aws-mocks.js';
import { runCliCaptured } from '../../helpers/capture-io.js';
import {
  clearCallHistory,
  mutatingCommands,
  sentCommands,
  type FakeAwsAccount,
} from '../../helpers/fake-aws-account.js';
import { quicksightStep } from '../../../src/aws/provision/quicksight/quicksight-step.js';
import {
  context,
  provisionedAccount,
  rlsCsv,
  storeRules,
} from '../quicksight/quicksight-fixture.js';

const aws = mockAws();
let account: FakeAwsAccount;
let cwd: string;
const META_KEY = 'TENANT#acme\u0000META#v1';

beforeEach(async () => {
  aws.reset();
  let keyArn: string;
  ({ account, keyArn } = await provisionedAccount(aws));
  account.configItems.set(META_KEY, {
    pk: 'TENANT#acme',
    sk: 'META#v1',
    name: 'Acme',
    bedrockModel: 'm',
    activeTemplateVersion: 'v1',
    createdAt: '2026-01-01T00:00:00.000Z',
    users: ['bo@example.com'],
  });
  storeRules(account, [['bo@example.com', 'acme']]);
  // init has run: the rules file holds bo's row.
  await quicksightStep.run(aws.clients, context(keyArn));
  clearCallHistory(aws.mocks);
  cwd = await mkdtemp(join(tmpdir(), 'cci-tenant-user-'));
});
afterEach(async () => {
  await rm(cwd, { recursive: true, force: true });
});
afterAll(() => aws.restore());

const cli = (...argv: string[]) => runCliCaptured([...argv, '--target', 'aws'], { cwd });

interface Out {
  tenantId: string;
  email: string;
  dryRun: boolean;
  resources: Array<{ type: string; name: string; action: string }>;
}

async function json(...argv: string[]): Promise<Out> {
  const run = await cli(...argv, '--json');
  if (run.code !== 0)
    throw new Error(`${argv.join(' ')} exited ${run.code}: ${run.stdout}${run.stderr}`);
  return JSON.parse(run.stdout) as Out;
}

const meta = () => account.configItems.get(META_KEY) as { users?: string[] };
const ingestions = () => account.quicksight.dataSet('cci-lite-rls-rules').ingestions.length;

describe('cci-lite tenant user add', () => {
  it('writes the RLS row, adds the user to META, rewrites the rules and refreshes SPICE', async () => {
    const out = await json('tenant', 'user', 'add', 'acme', 'ana@example.com');

    expect(out.resources.map((r) => [r.type, r.action])).toEqual([
      ['QuickSight RLS row', 'created'],
      ['Tenant META users', 'updated'],
      ['Glue table', 'unchanged'],
      ['QuickSight RLS rules', 'updated'],
      ['QuickSight SPICE ingestion', 'created'],
    ]);
    expect(meta().users).toEqual(['bo@example.com', 'ana@example.com']);
    expect(account.configItems.get('RLS#USERS\u0000USER#ana@example.com#TENANT#acme')).toEqual({
      pk: 'RLS#USERS',
      sk: 'USER#ana@example.com#TENANT#acme',
      UserName: 'ana@example.com',
      tenant_id: 'acme',
    });
    expect(rlsCsv(account)).toBe('UserName,tenant_id\nana@example.com,acme\nbo@example.com,acme\n');
    expect(ingestions()).toBe(1);
  });

  it('is unchanged for a user already there and says so', async () => {
    const run = await cli('tenant', 'user', 'add', 'acme', 'bo@example.com');

    expect(run.code).toBe(0);
    expect(run.stdout).toContain('bo@example.com already sees tenant acme (unchanged)');
    expect(mutatingCommands(aws.mocks)).toEqual([]);
  });

  it('plans on --dry-run and writes nothing', async () => {
    const out = await json('tenant', 'user', 'add', 'acme', 'ana@example.com', '--dry-run');

    expect(out.dryRun).toBe(true);
    expect(out.resources.map((r) => [r.type, r.action])).toEqual([
      ['QuickSight RLS row', 'create'],
      ['Tenant META users', 'update'],
      ['Glue table', 'unchanged'],
      ['QuickSight RLS rules', 'update'],
      ['QuickSight SPICE ingestion', 'create'],
    ]);
    expect(mutatingCommands(aws.mocks)).toEqual([]);
    expect(meta().users).toEqual(['bo@example.com']);
  });

  it('refuses a bad e-mail or tenant id with exit 2 before calling AWS', async () => {
    const bad = await cli('tenant', 'user', 'add', 'acme', 'not-an-email');
    const badTenant = await cli('tenant', 'user', 'add', 'Acme Corp', 'ana@example.com');

    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('is not an e-mail address');
    expect(badTenant.code).toBe(2);
    expect(sentCommands(aws.mocks)).toEqual([]);
  });

  it('refuses an unknown tenant', async () => {
    const run = await cli('tenant', 'user', 'add', 'globex', 'ana@example.com');

    expect(run.code).toBe(2);
    expect(run.stderr).toContain('Tenant "globex" does not exist');
    expect(mutatingCommands(aws.mocks)).toEqual([]);
  });
});

describe('cci-lite tenant user remove', () => {
  it('deletes the RLS row, drops the e-mail from META users, rewrites the rules', async () => {
    const out = await json('tenant', 'user', 'remove', 'acme', 'bo@example.com');

    expect(out.resources.map((r) => [r.type, r.action])).toEqual([
      ['QuickSight RLS row', 'updated'],
      ['Tenant META users', 'updated'],
      ['Glue table', 'unchanged'],
      ['QuickSight RLS rules', 'updated'],
      ['QuickSight SPICE ingestion', 'created'],
    ]);
    expect(account.configItems.has('RLS#USERS\u0000USER#bo@example.com#TENANT#acme')).toBe(false);
    expect(meta().users).toEqual([]);
    // No rules left: with GRANT_ACCESS nobody sees acme's rows any more.
    expect(rlsCsv(account)).toBe('UserName,tenant_id\n');
    expect(ingestions()).toBe(1);
  });

  it('reports a user who was not there as unchanged', async () => {
    const run = await cli('tenant', 'user', 'remove', 'acme', 'zed@example.com');

    expect(run.code).toBe(0);
    expect(run.stdout).toContain('zed@example.com was not a user of tenant acme (unchanged)');
    expect(mutatingCommands(aws.mocks)).toEqual([]);
  });

  it('plans on --dry-run and deletes nothing', async () => {
    const out = await json('tenant', 'user', 'remove', 'acme', 'bo@example.com', '--dry-run');

    expect(out.resources.find((r) => r.type === 'QuickSight RLS rules')?.action).toBe('update');
    expect(mutatingCommands(aws.mocks)).toEqual([]);
    expect(account.configItems.has('RLS#USERS\u0000USER#bo@example.com#TENANT#acme')).toBe(true);
  });
});
