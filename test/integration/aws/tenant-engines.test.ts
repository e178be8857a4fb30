import 'aws-sdk-client-mock-vitest/extend';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  AthenaClient,
  CreateWorkGroupCommand,
  DeleteWorkGroupCommand,
  GetWorkGroupCommand,
  ListTagsForResourceCommand,
  TagResourceCommand,
  UpdateWorkGroupCommand,
  type CreateWorkGroupCommandInput,
  type Tag,
} from '@aws-sdk/client-athena';
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
 * rows on dynalite, the input prefix on s3rver. Athena and KMS have no
 * emulator: a small in-memory fake of the workgroup calls stands in, so the
 * second run can show it changes nothing.
 */
const ACCOUNT = FAUXQS_ACCOUNT;
const KEY_ARN = `arn:aws:kms:${EMULATOR_REGION}:${ACCOUNT}:key/0000-test`;
const credentials = { accessKeyId: 'AKIAFAKE', secretAccessKey: 'fake' };
const athenaMock = mockClient(AthenaClient);
const kmsMock = mockClient(KMSClient);

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
    return {};
  });
}

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
  kmsMock.reset();
  kmsMock.on(DescribeKeyCommand).resolves({ KeyMetadata: { KeyId: '0000-test', Arn: KEY_ARN } });
  ctx.outputs.clear();
});
afterAll(async () => {
  athenaMock.restore();
  kmsMock.restore();
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
      ['S3 prefix', `s3://${ctx.names.inputBucket}/demo-tenant/calls/`, 'created'],
      ['QuickSight RLS row', 'ana@example.com -> demo-tenant', 'created'],
      ['QuickSight RLS row', 'bo@example.com -> demo-tenant', 'created'],
    ]);
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
    ]);
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

    expect(plan.map((r) => r.action)).toEqual(['create', 'create', 'create', 'create', 'create']);
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
    expect(plan.slice(0, 3).map((r) => r.action)).toEqual(['delete', 'delete', 'delete']);
    expect(await tenants.getTenant('demo-tenant')).toBeDefined();

    const reports = await removeAwsTenant(clients, ctx, { tenantId: 'demo-tenant', purge: false });

    expect(reports.map((r) => [r.type, r.action, r.count])).toEqual([
      ['QuickSight RLS rows', 'deleted', 3],
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

    await expect(
      removeAwsTenant(clients, ctx, { tenantId: 'demo-tenant', purge: false }),
    ).rejects.toMatchObject({ code: 'UNKNOWN_TENANT' });
  });
});
