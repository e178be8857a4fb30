import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CreateNamedQueryCommand, CreateWorkGroupCommand } from '@aws-sdk/client-athena';
import { UpdateTableCommand } from '@aws-sdk/client-glue';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { deriveResourceNames } from '../../../src/core/config/resource-names.js';
import { DEFAULT_BEDROCK_MODEL } from '../../../src/core/config/schema.js';
import { mockAws, TEST_ACCOUNT, TEST_REGION } from '../../helpers/aws-mocks.js';
import { runCliCaptured } from '../../helpers/capture-io.js';
import {
  clearCallHistory,
  fakeAwsAccount,
  mutatingCommands,
  sentCommands,
  type FakeAwsAccount,
} from '../../helpers/fake-aws-account.js';
import { docMock, installDataPlane, type DataPlane } from './aws-data-plane.js';

const NAMES = deriveResourceNames(TEST_ACCOUNT, TEST_REGION);
const aws = mockAws();
let account: FakeAwsAccount;
let plane: DataPlane;
let cwd: string;

beforeEach(async () => {
  aws.reset();
  account = fakeAwsAccount(aws.mocks);
  plane = await installDataPlane(aws.mocks, account, aws.clients.kms);
  clearCallHistory(aws.mocks);
  cwd = await mkdtemp(join(tmpdir(), 'cci-tenant-aws-'));
});
afterEach(async () => {
  await rm(cwd, { recursive: true, force: true });
});
afterAll(() => {
  aws.restore();
  docMock.restore();
});

const cli = (...argv: string[]) => runCliCaptured(argv, { cwd });

async function json<T>(...argv: string[]): Promise<T> {
  const run = await cli(...argv, '--json');
  if (run.code !== 0) throw new Error(`${argv.join(' ')} exited ${run.code}: ${run.stdout}`);
  return JSON.parse(run.stdout) as T;
}

interface AddJson {
  target: string;
  tenantId: string;
  accountId: string;
  dryRun: boolean;
  resources: Array<{ type: string; name: string; action: string; arn?: string }>;
}

const puts = () => plane.doc.commandCalls(PutCommand).map((c) => c.args[0].input);

/** The §10 reports `tenant add` saves in the tenant's workgroup. */
const SAVED_QUERIES = [
  'cci-lite-explode-criteria',
  'cci-lite-failure-rate',
  'cci-lite-weekly-failure-leaderboard',
  'cci-lite-agent-criterion-fail-rate',
];
/** The RLS rules file QuickSight reads, in the staging bucket. */
const RLS_KEY = 'quicksight/rls/rls-rules.csv';

const rlsFileWrites = () =>
  aws.mocks.s3
    .commandCalls(PutObjectCommand)
    .map((c) => c.args[0].input)
    .filter((i) => i.Bucket === NAMES.stagingBucket && i.Key === RLS_KEY);

describe('cci-lite tenant add --target aws', () => {
  it('writes META with a condition, the default template v1, the RLS row, and the enforced workgroup', async () => {
    const out = await json<AddJson>(
      'tenant',
      'add',
      'demo-tenant',
      '--target',
      'aws',
      '--user',
      'a@example.com',
    );

    expect(out).toMatchObject({
      target: 'aws',
      tenantId: 'demo-tenant',
      accountId: TEST_ACCOUNT,
      dryRun: false,
    });
    expect(out.resources.map((r) => [r.type, r.name, r.action])).toEqual([
      ['Tenant META', 'TENANT#demo-tenant META#v1', 'created'],
      ['QA template', 'TENANT#demo-tenant QA_TEMPLATE#v1', 'created'],
      ['Athena workgroup', 'tenant-demo-tenant', 'created'],
      ['Glue table', 'cci-lite-db.results', 'updated'],
      ...SAVED_QUERIES.map((q) => ['Athena named query', `tenant-demo-tenant/${q}`, 'created']),
      ['S3 prefix', `s3://${NAMES.inputBucket}/demo-tenant/calls/`, 'created'],
      ['QuickSight RLS row', 'a@example.com -> demo-tenant', 'created'],
      ['Glue table', 'cci-lite-db.rls_rules', 'created'],
      ['QuickSight RLS rules', `s3://${NAMES.stagingBucket}/${RLS_KEY}`, 'created'],
    ]);

    const createdAt = expect.any(String) as unknown;
    const meta = {
      pk: 'TENANT#demo-tenant',
      sk: 'META#v1',
      name: 'Demo Tenant',
      bedrockModel: DEFAULT_BEDROCK_MODEL,
      users: ['a@example.com'],
      createdAt,
    };
    expect(puts()).toEqual([
      {
        TableName: 'cci-lite-config',
        Item: meta,
        ConditionExpression: 'attribute_not_exists(pk)',
      },
      {
        TableName: 'cci-lite-config',
        Item: expect.objectContaining({
          pk: 'TENANT#demo-tenant',
          sk: 'QA_TEMPLATE#v1',
          version: 'v1',
          criteria: expect.any(Array) as unknown,
        }) as unknown,
        ConditionExpression: 'attribute_not_exists(pk)',
      },
      // The pushed template becomes the active version.
      { TableName: 'cci-lite-config', Item: { ...meta, activeTemplateVersion: 'v1' } },
      {
        TableName: 'cci-lite-config',
        Item: {
          pk: 'RLS#USERS',
          sk: 'USER#a@example.com#TENANT#demo-tenant',
          UserName: 'a@example.com',
          tenant_id: 'demo-tenant',
        },
      },
    ]);

    const workgroups = aws.mocks.athena.commandCalls(CreateWorkGroupCommand);
    expect(workgroups).toHaveLength(1);
    expect(workgroups[0]?.args[0].input).toMatchObject({
      Name: 'tenant-demo-tenant',
      Configuration: {
        EnforceWorkGroupConfiguration: true,
        ResultConfiguration: {
          OutputLocation: `s3://${NAMES.stagingBucket}/tenants/demo-tenant/`,
          EncryptionConfiguration: { EncryptionOption: 'SSE_KMS', KmsKey: plane.keyArn },
        },
      },
      Tags: expect.arrayContaining([{ Key: 'Tenant', Value: 'demo-tenant' }]) as unknown,
    });
    expect(aws.mocks.s3.commandCalls(PutObjectCommand)[0]?.args[0].input).toMatchObject({
      Bucket: NAMES.inputBucket,
      Key: 'demo-tenant/calls/',
      Tagging: 'tenant_id=demo-tenant',
    });

    // The curated table keeps its definition and now projects the tenant's folders.
    const tables = aws.mocks.glue.commandCalls(UpdateTableCommand).map((c) => c.args[0].input);
    expect(tables).toHaveLength(1);
    expect(tables[0]).toMatchObject({
      DatabaseName: 'cci-lite-db',
      TableInput: {
        Name: 'results',
        Parameters: {
          'projection.enabled': 'true',
          'projection.tenant.type': 'enum',
          'projection.tenant.values': 'demo-tenant',
          'storage.location.template': `s3://${NAMES.resultsBucket}/\${tenant}/\${day}/`,
        },
      },
    });
    // The §10 reports, saved in the tenant's own workgroup and bound to the tenant.
    const queries = aws.mocks.athena
      .commandCalls(CreateNamedQueryCommand)
      .map((c) => c.args[0].input);
    expect(queries.map((q) => [q.WorkGroup, q.Name, q.Database])).toEqual(
      SAVED_QUERIES.map((name) => ['tenant-demo-tenant', name, 'cci-lite-db']),
    );
    for (const q of queries) {
      expect(q.QueryString).toContain("'demo-tenant'");
      expect(q.QueryString).not.toContain('?');
    }
    // QuickSight reads the RLS rules from the staging bucket, encrypted with the key.
    expect(plane.bodies.get(`${NAMES.stagingBucket}/${RLS_KEY}`)).toBe(
      'UserName,tenant_id\na@example.com,demo-tenant\n',
    );
    expect(rlsFileWrites()).toEqual([
      expect.objectContaining({
        ContentType: 'text/csv',
        ServerSideEncryption: 'aws:kms',
        SSEKMSKeyId: plane.keyArn,
      }),
    ]);
    // No SPICE ingestion: the RLS dataset does not exist before init's QuickSight step.
    expect(mutatingCommands(aws.mocks)).toEqual([
      's3:PutObject',
      's3:PutObject',
      'glue:UpdateTable',
      'glue:CreateTable',
      'glue:TagResource',
      'athena:CreateWorkGroup',
      ...SAVED_QUERIES.map(() => 'athena:CreateNamedQuery'),
    ]);
  });

  it('is safe to run twice: the second run reports unchanged and writes nothing', async () => {
    await json('tenant', 'add', 'demo-tenant', '--target', 'aws', '--user', 'a@example.com');
    clearCallHistory(aws.mocks);
    plane.doc.resetHistory();

    const again = await cli(
      'tenant',
      'add',
      'demo-tenant',
      '--target',
      'aws',
      '--user',
      'a@example.com',
    );

    expect(again.code).toBe(0);
    expect(again.stdout).toContain('tenant demo-tenant: 0 created, 0 updated, 12 unchanged');
    expect(again.stdout).toMatch(/Athena workgroup.*tenant-demo-tenant.*unchanged/);
    expect(again.stdout).toMatch(/Glue table.*cci-lite-db\.results.*unchanged/);
    expect(again.stdout).toMatch(
      /Athena named query.*tenant-demo-tenant\/cci-lite-failure-rate.*unchanged/,
    );
    expect(puts()).toEqual([]);
    expect(rlsFileWrites()).toEqual([]);
    expect(mutatingCommands(aws.mocks)).toEqual([]);
  });

  it('adds a new user to an existing tenant: META updated, one more RLS row', async () => {
    await json('tenant', 'add', 'demo-tenant', '--target', 'aws', '--user', 'a@example.com');
    plane.doc.resetHistory();

    const out = await json<AddJson>(
      'tenant',
      'add',
      'demo-tenant',
      '--target',
      'aws',
      '--user',
      'a@example.com',
      '--user',
      'b@example.com',
    );

    expect(out.resources.filter((r) => r.action !== 'unchanged').map((r) => r.name)).toEqual([
      'TENANT#demo-tenant META#v1',
      'b@example.com -> demo-tenant',
      `s3://${NAMES.stagingBucket}/${RLS_KEY}`,
    ]);
    expect(plane.items.get('TENANT#demo-tenant\u0000META#v1')?.users).toEqual([
      'a@example.com',
      'b@example.com',
    ]);
    // The rules file is rewritten whole: both users, sorted.
    expect(plane.bodies.get(`${NAMES.stagingBucket}/${RLS_KEY}`)).toBe(
      'UserName,tenant_id\na@example.com,demo-tenant\nb@example.com,demo-tenant\n',
    );
  });

  it('--dry-run plans every resource as create and writes nothing', async () => {
    const out = await json<AddJson>('tenant', 'add', 'demo-tenant', '--target', 'aws', '--dry-run');

    expect(out.dryRun).toBe(true);
    expect(out.resources.map((r) => [r.type, r.action])).toEqual([
      ['Tenant META', 'create'],
      ['QA template', 'create'],
      ['Athena workgroup', 'create'],
      ['Glue table', 'update'],
      ...SAVED_QUERIES.map(() => ['Athena named query', 'create']),
      ['S3 prefix', 'create'],
    ]);
    expect(puts()).toEqual([]);
    expect(mutatingCommands(aws.mocks)).toEqual([]);
  });

  it('refuses a user that is not an e-mail address (exit 2)', async () => {
    const run = await cli('tenant', 'add', 'demo-tenant', '--target', 'aws', '--user', 'nobody');

    expect(run.code).toBe(2);
    expect(run.stderr).toContain('INVALID_USER');
    expect(puts()).toEqual([]);
  });
});

describe('cci-lite tenant list --target aws', () => {
  it('lists each tenant with its workgroup and RLS users', async () => {
    await json('tenant', 'add', 'demo-tenant', '--target', 'aws', '--user', 'a@example.com');
    await json('tenant', 'add', 'acme', '--target', 'aws', '--name', 'Acme Support');

    const out = await json<{ target: string; tenants: Array<Record<string, unknown>> }>(
      'tenant',
      'list',
      '--target',
      'aws',
    );

    expect(out.target).toBe('aws');
    expect(
      out.tenants.map((t) => [t.id, t.name, t.activeTemplateVersion, t.workgroup, t.rlsUsers]),
    ).toEqual([
      ['acme', 'Acme Support', 'v1', 'tenant-acme', []],
      ['demo-tenant', 'Demo Tenant', 'v1', 'tenant-demo-tenant', ['a@example.com']],
    ]);
    const text = await cli('tenant', 'list', '--target', 'aws');
    expect(text.stdout).toMatch(/demo-tenant.*Demo Tenant.*v1.*tenant-demo-tenant.*a@example\.com/);
  });

  it('says how to add one when there is none', async () => {
    const run = await cli('tenant', 'list', '--target', 'aws');

    expect(run.code).toBe(0);
    expect(run.stdout).toContain('cci-lite tenant add <id> --target aws');
  });
});

describe('cci-lite tenant remove --target aws', () => {
  beforeEach(async () => {
    await json('tenant', 'add', 'demo-tenant', '--target', 'aws', '--user', 'a@example.com');
    plane.objects.set(`${NAMES.inputBucket}/demo-tenant/calls/a.wav`, 2);
    clearCallHistory(aws.mocks);
    plane.doc.resetHistory();
  });

  it('without --yes and without a TTY exits 2 and calls nothing', async () => {
    const run = await cli('tenant', 'remove', 'demo-tenant', '--target', 'aws');

    expect(run.code).toBe(2);
    expect(run.stderr).toContain('CONFIRMATION_REQUIRED');
    expect(run.stderr).toContain('--yes');
    expect(sentCommands(aws.mocks)).toEqual([]);
    expect(plane.doc.calls()).toEqual([]);
  });

  it('--yes removes config, RLS rows and workgroup, and keeps the data', async () => {
    await json('tenant', 'add', 'acme', '--target', 'aws', '--user', 'b@example.com');
    clearCallHistory(aws.mocks);

    const out = await json<{
      target: string;
      purge: boolean;
      resources: Array<{ type: string; action: string; count?: number }>;
    }>('tenant', 'remove', 'demo-tenant', '--target', 'aws', '--yes');

    expect(out).toMatchObject({ target: 'aws', purge: false });
    expect(out.resources.slice(0, 4).map((r) => [r.type, r.action, r.count])).toEqual([
      ['QuickSight RLS rows', 'deleted', 1],
      // The tenant's rules are taken out of the file QuickSight reads.
      ['QuickSight RLS rules', 'updated', undefined],
      ['Athena workgroup', 'deleted', undefined],
      ['Config items', 'deleted', 2],
    ]);
    expect(out.resources.slice(4).every((r) => r.action === 'kept')).toBe(true);
    // Rewritten without the tenant's rule; the other tenant's rule stays.
    expect(plane.bodies.get(`${NAMES.stagingBucket}/${RLS_KEY}`)).toBe(
      'UserName,tenant_id\nb@example.com,acme\n',
    );
    expect(rlsFileWrites()).toEqual([
      expect.objectContaining({ ServerSideEncryption: 'aws:kms', SSEKMSKeyId: plane.keyArn }),
    ]);
    expect([...plane.items.keys()].filter((k) => k.includes('demo-tenant'))).toEqual([]);
    expect(account.athena.workgroups.has('tenant-demo-tenant')).toBe(false);
    expect(account.athena.workgroups.has('tenant-acme')).toBe(true);
    expect(plane.objects.has(`${NAMES.inputBucket}/demo-tenant/calls/a.wav`)).toBe(true);
    const listed = await json<{ tenants: Array<{ id: string }> }>(
      'tenant',
      'list',
      '--target',
      'aws',
    );
    expect(listed.tenants.map((t) => t.id)).toEqual(['acme']);
  });

  it('--purge deletes every version of the tenant objects', async () => {
    const run = await cli('tenant', 'remove', 'demo-tenant', '--target', 'aws', '--yes', '--purge');

    expect(run.code).toBe(0);
    expect(run.stdout).toContain('removed tenant demo-tenant');
    expect(run.stdout).not.toContain('data kept');
    // Every version of the tenant's objects is gone; the shared RLS rules file stays.
    expect([...plane.objects.keys()]).toEqual([`${NAMES.stagingBucket}/${RLS_KEY}`]);
    expect(plane.bodies.get(`${NAMES.stagingBucket}/${RLS_KEY}`)).toBe('UserName,tenant_id\n');
  });

  it('--dry-run plans the removal without --yes and deletes nothing', async () => {
    const run = await cli('tenant', 'remove', 'demo-tenant', '--target', 'aws', '--dry-run');

    expect(run.code).toBe(0);
    expect(run.stdout).toContain('would remove tenant demo-tenant');
    expect(mutatingCommands(aws.mocks)).toEqual([]);
    expect(plane.bodies.get(`${NAMES.stagingBucket}/${RLS_KEY}`)).toContain(
      'a@example.com,demo-tenant',
    );
    expect(plane.items.size).toBeGreaterThan(0);
  });

  it('an unknown tenant exits 2', async () => {
    const run = await cli('tenant', 'remove', 'nobody', '--target', 'aws', '--yes');

    expect(run.code).toBe(2);
    expect(run.stderr).toContain('UNKNOWN_TENANT');
  });
});

describe('--user on the local target', () => {
  it('is refused (exit 2): RLS users are an aws concept', async () => {
    const run = await cli('tenant', 'add', 'demo-tenant', '--user', 'a@example.com');

    expect(run.code).toBe(2);
    expect(run.stderr).toContain('--target aws');
  });
});
