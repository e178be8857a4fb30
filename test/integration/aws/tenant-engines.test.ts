import 'aws-sdk-client-mock-vitest/extend';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  AthenaClient,
  BatchGetNamedQueryCommand,
  CreateNamedQueryCommand,
  CreateWorkGroupCommand,
  DeleteWorkGroupCommand,
  GetWorkGroupCommand,
  ListNamedQueriesCommand,
  ListTagsForResourceCommand,
  TagResourceCommand,
  UpdateWorkGroupCommand,
  type CreateNamedQueryCommandInput,
  type CreateWorkGroupCommandInput,
  type NamedQuery,
  type Tag,
} from '@aws-sdk/client-athena';
import {
  CreateTableCommand as CreateGlueTableCommand,
  GetTableCommand,
  GetTagsCommand,
  GlueClient,
  TagResourceCommand as TagGlueResourceCommand,
  UpdateTableCommand,
  type TableInput,
} from '@aws-sdk/client-glue';
import { DescribeDataSetCommand, QuickSightClient } from '@aws-sdk/client-quicksight';
import { CreateTableCommand, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DescribeKeyCommand, KMSClient } from '@aws-sdk/client-kms';
import type { S3Client } from '@aws-sdk/client-s3';
import { mockClient } from 'aws-sdk-client-mock';
import type { AwsClients } from '../../../src/aws/clients.js';
import type { DeploymentContext } from '../../../src/aws/provision/step.js';
import { S3ObjectStore } from '../../../src/aws/adapters/s3-object-store.js';
import { DynamoConfigStore } from '../../../src/aws/adapters/dynamo-config-store.js';
import {
  addAwsTenant,
  listAwsTenants,
  pushAwsTemplate,
  removeAwsTenant,
} from '../../../src/aws/tenant/index.js';
import { RLS_USERS_PK } from '../../../src/aws/tenant/rls-users.js';
import { TenantStore } from '../../../src/pipeline/tenant-store.js';
import {
  dynamoDbClient,
  emulatorClients,
  EMULATOR_REGION,
  FAUXQS_ACCOUNT,
  s3Client,
  startDynalite,
  startS3rver,
  type Emulator,
} from '../../helpers/emulators.js';
import { loadDefaultTemplate } from '../../helpers/templates.js';
import { deploymentContext } from '../../contract/provision/data-plane-fixture.js';

/**
 * The aws tenant engines on the data-plane emulators: META, templates and RLS
 * rows on dynalite, the input prefix and the RLS rules file on s3rver. Athena,
 * Glue, QuickSight and KMS have no emulator: small in-memory fakes of the
 * workgroup, named-query and table calls stand in, so the second run can show
 * it changes nothing (QuickSight has no RLS dataset yet: no SPICE ingestion).
 */
const ACCOUNT = FAUXQS_ACCOUNT;
const KEY_ARN = `arn:aws:kms:${EMULATOR_REGION}:${ACCOUNT}:key/0000-test`;
const credentials = { accessKeyId: 'AKIAFAKE', secretAccessKey: 'fake' };
const athenaMock = mockClient(AthenaClient);
const kmsMock = mockClient(KMSClient);
const glueMock = mockClient(GlueClient);
const quicksightMock = mockClient(QuickSightClient);
const RLS_KEY = 'quicksight/rls/rls-rules.csv';
const SAVED_QUERIES = [
  'cci-lite-explode-criteria',
  'cci-lite-failure-rate',
  'cci-lite-weekly-failure-leaderboard',
  'cci-lite-agent-criterion-fail-rate',
];

let dynalite: Emulator;
let s3rver: Emulator;
let dynamodb: DynamoDBClient;
let s3: S3Client;
let clients: AwsClients;
let ctx: DeploymentContext;
let config: DynamoConfigStore;
let tenants: TenantStore;
let objects: S3ObjectStore;

/** In-memory Athena workgroups: enough of Get/Create/Update/Delete/tags to hold state. */
const workgroups = new Map<string, CreateWorkGroupCommandInput>();
const namedQueries = new Map<string, NamedQuery>();
function fakeAthena() {
  athenaMock.reset();
  athenaMock.on(GetWorkGroupCommand).callsFake((input: { WorkGroup: string }) => {
    const wg = workgroups.get(input.WorkGroup);
    if (wg === undefined) {
      throw Object.assign(new Error(`WorkGroup ${input.WorkGroup} is not found.`), {
        name: 'InvalidRequestException',
      });
    }
    return { WorkGroup: { ...wg, State: 'ENABLED' } };
  });
  athenaMock.on(CreateWorkGroupCommand).callsFake((input: CreateWorkGroupCommandInput) => {
    workgroups.set(input.Name ?? '', input);
    return {};
  });
  athenaMock.on(ListTagsForResourceCommand).callsFake((input: { ResourceARN: string }) => {
    const name = input.ResourceARN.split('/').pop() ?? '';
    return { Tags: workgroups.get(name)?.Tags ?? ([] as Tag[]) };
  });
  athenaMock.on(DeleteWorkGroupCommand).callsFake((input: { WorkGroup: string }) => {
    workgroups.delete(input.WorkGroup);
    // RecursiveDeleteOption: the workgroup's saved queries go with it.
    for (const [id, q] of namedQueries)
      if (q.WorkGroup === input.WorkGroup) namedQueries.delete(id);
    return {};
  });
  athenaMock.on(ListNamedQueriesCommand).callsFake((input: { WorkGroup: string }) => {
    if (!workgroups.has(input.WorkGroup)) {
      throw Object.assign(new Error(`WorkGroup ${input.WorkGroup} is not found.`), {
        name: 'InvalidRequestException',
      });
    }
    const ids = [...namedQueries].filter(([, q]) => q.WorkGroup === input.WorkGroup);
    return { NamedQueryIds: ids.map(([id]) => id) };
  });
  athenaMock.on(BatchGetNamedQueryCommand).callsFake((input: { NamedQueryIds: string[] }) => ({
    NamedQueries: input.NamedQueryIds.flatMap((id) => namedQueries.get(id) ?? []),
  }));
  athenaMock.on(CreateNamedQueryCommand).callsFake((input: CreateNamedQueryCommandInput) => {
    const id = `q-${namedQueries.size + 1}`;
    namedQueries.set(id, { ...input, NamedQueryId: id });
    return { NamedQueryId: id };
  });
}

/** In-memory Glue tables of the database (by name) and their tags (by ARN). */
const tables = new Map<string, TableInput>();
const glueTags = new Map<string, Record<string, string>>();
function fakeGlue() {
  glueMock.reset();
  glueMock.on(GetTableCommand).callsFake((input: { Name: string }) => {
    const table = tables.get(input.Name);
    if (table === undefined) {
      throw Object.assign(new Error(`Table ${input.Name} not found.`), {
        name: 'EntityNotFoundException',
      });
    }
    return { Table: { ...structuredClone(table), DatabaseName: ctx.names.glueDatabase } };
  });
  const store = (input: { TableInput: TableInput }) => {
    tables.set(input.TableInput.Name ?? '', structuredClone(input.TableInput));
    return {};
  };
  glueMock.on(CreateGlueTableCommand).callsFake(store);
  glueMock.on(UpdateTableCommand).callsFake(store);
  glueMock.on(GetTagsCommand).callsFake((input: { ResourceArn: string }) => ({
    Tags: glueTags.get(input.ResourceArn) ?? {},
  }));
  glueMock
    .on(TagGlueResourceCommand)
    .callsFake((input: { ResourceArn: string; TagsToAdd: Record<string, string> }) => {
      glueTags.set(input.ResourceArn, { ...glueTags.get(input.ResourceArn), ...input.TagsToAdd });
      return {};
    });
}

const rulesFile = async () => new TextDecoder().decode(await objects.get('staging', RLS_KEY));

beforeAll(async () => {
  ctx = deploymentContext({ accountId: ACCOUNT, outputs: {} });
  dynalite = await startDynalite();
  s3rver = await startS3rver([
    ctx.names.inputBucket,
    ctx.names.resultsBucket,
    ctx.names.stagingBucket,
  ]);
  dynamodb = dynamoDbClient(dynalite.endpoint);
  s3 = s3Client(s3rver.endpoint);
  await dynamodb.send(
    new CreateTableCommand({
      TableName: ctx.names.configTable,
      AttributeDefinitions: [
        { AttributeName: 'pk', AttributeType: 'S' },
        { AttributeName: 'sk', AttributeType: 'S' },
      ],
      KeySchema: [
        { AttributeName: 'pk', KeyType: 'HASH' },
        { AttributeName: 'sk', KeyType: 'RANGE' },
      ],
      BillingMode: 'PAY_PER_REQUEST',
    }),
  );
  clients = emulatorClients({
    dynamodb,
    s3,
    athena: new AthenaClient({ region: EMULATOR_REGION, credentials }),
    kms: new KMSClient({ region: EMULATOR_REGION, credentials }),
    glue: new GlueClient({ region: EMULATOR_REGION, credentials }),
    quicksight: new QuickSightClient({ region: EMULATOR_REGION, credentials }),
  });
  config = new DynamoConfigStore(dynamodb, ctx.names.configTable);
  tenants = new TenantStore(config);
  objects = new S3ObjectStore(s3, {
    buckets: {
      input: ctx.names.inputBucket,
      results: ctx.names.resultsBucket,
      staging: ctx.names.stagingBucket,
    },
  });
});
beforeEach(() => {
  fakeAthena();
  fakeGlue();
  quicksightMock.reset();
  quicksightMock
    .on(DescribeDataSetCommand)
    .rejects(Object.assign(new Error('DataSet not found'), { name: 'ResourceNotFoundException' }));
  kmsMock.reset();
  kmsMock.on(DescribeKeyCommand).resolves({ KeyMetadata: { KeyId: '0000-test', Arn: KEY_ARN } });
  ctx.outputs.clear();
});
afterAll(async () => {
  athenaMock.restore();
  kmsMock.restore();
  glueMock.restore();
  quicksightMock.restore();
  dynamodb.destroy();
  s3.destroy();
  await dynalite.stop();
  await s3rver.stop();
});

describe('aws tenant engines on dynalite and s3rver', () => {
  it('adds a tenant: META, default template v1 active, workgroup, input prefix and RLS rows', async () => {
    const reports = await addAwsTenant(clients, ctx, {
      tenantId: 'demo-tenant',
      users: ['ana@example.com', ' bo@example.com ', 'ana@example.com'],
    });

    expect(reports.map((r) => [r.type, r.name, r.action])).toEqual([
      ['Tenant META', 'TENANT#demo-tenant META#v1', 'created'],
      ['QA template', 'TENANT#demo-tenant QA_TEMPLATE#v1', 'created'],
      ['Athena workgroup', 'tenant-demo-tenant', 'created'],
      ['Glue table', `${ctx.names.glueDatabase}.results`, 'created'],
      ...SAVED_QUERIES.map((q) => ['Athena named query', `tenant-demo-tenant/${q}`, 'created']),
      ['S3 prefix', `s3://${ctx.names.inputBucket}/demo-tenant/calls/`, 'created'],
      ['QuickSight RLS row', 'ana@example.com -> demo-tenant', 'created'],
      ['QuickSight RLS row', 'bo@example.com -> demo-tenant', 'created'],
      ['Glue table', `${ctx.names.glueDatabase}.rls_rules`, 'created'],
      ['QuickSight RLS rules', `s3://${ctx.names.stagingBucket}/${RLS_KEY}`, 'created'],
    ]);
    expect(tables.get('results')?.Parameters?.['projection.tenant.values']).toBe('demo-tenant');
    expect(
      [...namedQueries.values()].map((q) => [
        q.WorkGroup,
        q.Name,
        q.QueryString?.includes("'demo-tenant'"),
      ]),
    ).toEqual(SAVED_QUERIES.map((name) => ['tenant-demo-tenant', name, true]));
    expect(await rulesFile()).toBe(
      'UserName,tenant_id\nana@example.com,demo-tenant\nbo@example.com,demo-tenant\n',
    );
    expect(await tenants.getTenant('demo-tenant')).toMatchObject({
      name: 'Demo Tenant',
      bedrockModel: ctx.config.bedrockModel,
      activeTemplateVersion: 'v1',
      users: ['ana@example.com', 'bo@example.com'],
    });
    expect(await tenants.getActiveTemplate('demo-tenant')).toEqual(loadDefaultTemplate());
    expect(await objects.head('input', 'demo-tenant/calls/')).toMatchObject({ size: 0 });
    const wg = workgroups.get('tenant-demo-tenant');
    expect(wg?.Configuration?.ResultConfiguration).toEqual({
      OutputLocation: `s3://${ctx.names.stagingBucket}/tenants/demo-tenant/`,
      EncryptionConfiguration: { EncryptionOption: 'SSE_KMS', KmsKey: KEY_ARN },
      ExpectedBucketOwner: ACCOUNT,
    });
    expect(wg?.Configuration?.EnforceWorkGroupConfiguration).toBe(true);
    expect(wg?.Tags).toContainEqual({ Key: 'Tenant', Value: 'demo-tenant' });
    const rows = await config.query(RLS_USERS_PK);
    expect(rows).toContainEqual({
      pk: RLS_USERS_PK,
      sk: 'USER#ana@example.com#TENANT#demo-tenant',
      UserName: 'ana@example.com',
      tenant_id: 'demo-tenant',
    });
  });

  it('changes nothing when the same tenant is added again', async () => {
    const reports = await addAwsTenant(clients, ctx, {
      tenantId: 'demo-tenant',
      users: ['ana@example.com'],
    });

    expect(reports.every((r) => r.action === 'unchanged')).toBe(true);
    expect(athenaMock).not.toHaveReceivedCommand(CreateWorkGroupCommand);
    expect(athenaMock).not.toHaveReceivedCommand(UpdateWorkGroupCommand);
    expect(athenaMock).not.toHaveReceivedCommand(TagResourceCommand);
    expect(athenaMock).not.toHaveReceivedCommand(CreateNamedQueryCommand);
    expect(glueMock).not.toHaveReceivedCommand(CreateGlueTableCommand);
    expect(glueMock).not.toHaveReceivedCommand(UpdateTableCommand);
    expect(glueMock).not.toHaveReceivedCommand(TagGlueResourceCommand);
    expect(namedQueries.size).toBe(SAVED_QUERIES.length);
    expect(await rulesFile()).toBe(
      'UserName,tenant_id\nana@example.com,demo-tenant\nbo@example.com,demo-tenant\n',
    );
  });

  it('updates what the operator changed: a new name, a new model, one more user', async () => {
    const reports = await addAwsTenant(clients, ctx, {
      tenantId: 'demo-tenant',
      name: 'Demo Ltd',
      model: 'eu.amazon.nova-lite-v1:0',
      users: ['cy@example.com'],
    });

    expect(reports.filter((r) => r.action !== 'unchanged').map((r) => [r.type, r.action])).toEqual([
      ['Tenant META', 'updated'],
      ['QuickSight RLS row', 'created'],
      ['QuickSight RLS rules', 'updated'],
    ]);
    expect(await rulesFile()).toBe(
      'UserName,tenant_id\nana@example.com,demo-tenant\nbo@example.com,demo-tenant\n' +
        'cy@example.com,demo-tenant\n',
    );
    expect(await tenants.getTenant('demo-tenant')).toMatchObject({
      name: 'Demo Ltd',
      bedrockModel: 'eu.amazon.nova-lite-v1:0',
      users: ['ana@example.com', 'bo@example.com', 'cy@example.com'],
    });
  });

  it('plans a new tenant on a dry run without writing anything', async () => {
    const plan = await addAwsTenant(
      clients,
      { ...ctx, dryRun: true },
      { tenantId: 'planned', users: ['p@example.com'] },
    );

    expect(plan.map((r) => [r.type, r.action])).toEqual([
      ['Tenant META', 'create'],
      ['QA template', 'create'],
      ['Athena workgroup', 'create'],
      ['Glue table', 'update'],
      ...SAVED_QUERIES.map(() => ['Athena named query', 'create']),
      ['S3 prefix', 'create'],
      ['QuickSight RLS row', 'create'],
      ['Glue table', 'unchanged'],
      ['QuickSight RLS rules', 'update'],
    ]);
    expect(plan.find((r) => r.type === 'Glue table')?.changes).toEqual([
      expect.stringContaining('planned'),
    ]);
    expect(tables.get('results')?.Parameters?.['projection.tenant.values']).toBe('demo-tenant');
    expect(namedQueries.size).toBe(SAVED_QUERIES.length);
    expect(await rulesFile()).not.toContain('p@example.com');
    expect(await tenants.getTenant('planned')).toBeUndefined();
    expect(await objects.head('input', 'planned/calls/')).toBeUndefined();
    expect(workgroups.has('tenant-planned')).toBe(false);
  });

  it('pushes templates with versioning, refuses silent overwrites, and plans on a dry run', async () => {
    const template = loadDefaultTemplate();

    expect(
      await pushAwsTemplate(clients, ctx, { tenantId: 'demo-tenant', template, version: 'v2' }),
    ).toEqual({
      version: 'v2',
      action: 'created',
      activated: true,
      planned: false,
    });
    await expect(
      pushAwsTemplate(clients, ctx, { tenantId: 'demo-tenant', template, version: 'v2' }),
    ).rejects.toMatchObject({ code: 'TEMPLATE_VERSION_EXISTS' });
    await expect(
      pushAwsTemplate(
        clients,
        { ...ctx, dryRun: true },
        { tenantId: 'demo-tenant', template, version: 'v1' },
      ),
    ).rejects.toMatchObject({ code: 'TEMPLATE_VERSION_EXISTS' });

    const plan = await pushAwsTemplate(
      clients,
      { ...ctx, dryRun: true },
      {
        tenantId: 'demo-tenant',
        template,
        version: 'v3',
      },
    );
    expect(plan).toEqual({ version: 'v3', action: 'created', activated: true, planned: true });
    expect(await tenants.getTemplate('demo-tenant', 'v3')).toBeUndefined();
    expect((await tenants.getTenant('demo-tenant'))?.activeTemplateVersion).toBe('v2');

    const forced = await pushAwsTemplate(clients, ctx, {
      tenantId: 'demo-tenant',
      template,
      version: 'v1',
      force: true,
      activate: false,
    });
    expect(forced).toMatchObject({ action: 'replaced', activated: false });
    await expect(
      pushAwsTemplate(clients, ctx, { tenantId: 'nobody', template }),
    ).rejects.toMatchObject({ code: 'UNKNOWN_TENANT' });
  });

  it('lists tenants with their workgroup and RLS users', async () => {
    await addAwsTenant(clients, ctx, { tenantId: 'acme', name: 'Acme' });

    const list = await listAwsTenants(clients, ctx);

    expect(list.map((t) => [t.id, t.name, t.workgroup, t.rlsUsers])).toEqual([
      ['acme', 'Acme', 'tenant-acme', []],
      [
        'demo-tenant',
        'Demo Ltd',
        'tenant-demo-tenant',
        ['ana@example.com', 'bo@example.com', 'cy@example.com'],
      ],
    ]);
  });

  it('removes a tenant: RLS rows, workgroup, config items; data kept without --purge', async () => {
    const plan = await removeAwsTenant(
      clients,
      { ...ctx, dryRun: true },
      { tenantId: 'demo-tenant', purge: false },
    );
    expect(plan.slice(0, 4).map((r) => r.action)).toEqual(['delete', 'update', 'delete', 'delete']);
    expect(await tenants.getTenant('demo-tenant')).toBeDefined();
    expect(await rulesFile()).toContain('ana@example.com,demo-tenant');

    const reports = await removeAwsTenant(clients, ctx, { tenantId: 'demo-tenant', purge: false });

    expect(reports.map((r) => [r.type, r.action, r.count])).toEqual([
      ['QuickSight RLS rows', 'deleted', 3],
      ['QuickSight RLS rules', 'updated', undefined],
      ['Athena workgroup', 'deleted', undefined],
      ['Config items', 'deleted', 3],
      ['S3 objects', 'kept', undefined],
      ['S3 objects', 'kept', undefined],
      ['S3 objects', 'kept', undefined],
      ['S3 objects', 'kept', undefined],
    ]);
    expect(athenaMock).toHaveReceivedCommandWith(DeleteWorkGroupCommand, {
      WorkGroup: 'tenant-demo-tenant',
      RecursiveDeleteOption: true,
    });
    expect(await tenants.getTenant('demo-tenant')).toBeUndefined();
    expect((await listAwsTenants(clients, ctx)).map((t) => t.id)).toEqual(['acme']);
    expect(await objects.head('input', 'demo-tenant/calls/')).toBeDefined();
    // acme has no users: no rule is left.
    expect(await rulesFile()).toBe('UserName,tenant_id\n');

    await expect(
      removeAwsTenant(clients, ctx, { tenantId: 'demo-tenant', purge: false }),
    ).rejects.toMatchObject({ code: 'UNKNOWN_TENANT' });
  });
});
