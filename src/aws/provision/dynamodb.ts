import {
  CreateTableCommand,
  DescribeContinuousBackupsCommand,
  DescribeTableCommand,
  ListTagsOfResourceCommand,
  TagResourceCommand,
  UpdateContinuousBackupsCommand,
  UpdateTableCommand,
  waitUntilTableExists,
  type DynamoDBClient,
  type TableDescription,
  type Tag as DynamoTag,
  type UpdateTableCommandInput,
} from '@aws-sdk/client-dynamodb';
import { CciError } from '../../core/errors.js';
import type { Tag } from '../../core/config/tags.js';
import type { AwsClients } from '../clients.js';
import {
  arn,
  change,
  observedFrom,
  readOrMissing,
  tagChanges,
  tagRecord,
  tagsToApply,
  upstreamOutput,
} from './reconcile.js';
import {
  StepRecorder,
  type DeploymentContext,
  type Observed,
  type ProvisionStep,
  type ResourceReport,
} from './step.js';

/** Output key: the ARN of `cci-lite-config`. */
export const CONFIG_TABLE_ARN = 'configTableArn';

const STEP = 'dynamodb';
const TABLE = 'DynamoDB table';
const PITR = 'DynamoDB point-in-time recovery';

/** How long a create or update may take to reach ACTIVE before the step gives up. */
const WAIT = { maxWaitTime: 600, minDelay: 2, maxDelay: 15 };

/**
 * Guide §4: `cci-lite-config` with string keys pk (HASH) and sk (RANGE),
 * on-demand billing, SSE with the deployment's KMS key, point-in-time recovery
 * and deletion protection, tagged.
 */
export const dynamodbStep: ProvisionStep = {
  id: STEP,
  title: '§4 DynamoDB config table',
  async run(clients: AwsClients, ctx: DeploymentContext): Promise<ResourceReport[]> {
    const recorder = new StepRecorder(STEP, ctx.dryRun);
    const name = ctx.names.configTable;
    const tableArn = arn(ctx, 'dynamodb', `table/${name}`);
    const keyArn = upstreamOutput(ctx, 'kmsKeyArn', STEP);
    const tags = ctx.tags('DynamoDB');
    const db = clients.dynamodb;
    const resource = { type: TABLE, name, arn: tableArn };

    const described = await readOrMissing(
      recorder,
      resource,
      () => db.send(new DescribeTableCommand({ TableName: name })),
      'ResourceNotFoundException',
    );
    const table = described?.Table;
    if (table === undefined) {
      await recorder.ensure(resource, { state: 'missing' }, async () => {
        await db.send(new CreateTableCommand(createTableInput(name, keyArn, tags)));
        await waitActive(db, name);
      });
    } else {
      assertKeySchema(table, name);
      const currentTags = await recorder.guard(resource, () =>
        listTags(db, table.TableArn ?? tableArn),
      );
      const updates = tableUpdates(table, keyArn);
      const changes = [...updates.map((u) => u.change), ...tagChanges(currentTags, tags)];
      await recorder.ensure(resource, observedFrom(changes), async () => {
        for (const update of updates) {
          await db.send(new UpdateTableCommand({ TableName: name, ...update.input }));
          await waitActive(db, name);
        }
        const missingTags = tagsToApply(currentTags, tags);
        if (missingTags.length > 0) {
          await db.send(
            new TagResourceCommand({ ResourceArn: table.TableArn ?? tableArn, Tags: missingTags }),
          );
        }
      });
    }

    await ensurePointInTimeRecovery(db, recorder, name, table !== undefined);
    ctx.outputs.set(CONFIG_TABLE_ARN, tableArn);
    return recorder.reports;
  },
};

function createTableInput(name: string, keyArn: string, tags: Tag[]) {
  return {
    TableName: name,
    AttributeDefinitions: [
      { AttributeName: 'pk', AttributeType: 'S' as const },
      { AttributeName: 'sk', AttributeType: 'S' as const },
    ],
    KeySchema: [
      { AttributeName: 'pk', KeyType: 'HASH' as const },
      { AttributeName: 'sk', KeyType: 'RANGE' as const },
    ],
    BillingMode: 'PAY_PER_REQUEST' as const,
    SSESpecification: { Enabled: true, SSEType: 'KMS' as const, KMSMasterKeyId: keyArn },
    DeletionProtectionEnabled: true,
    Tags: tags,
  };
}

interface TableUpdate {
  change: string;
  input: Omit<UpdateTableCommandInput, 'TableName'>;
}

/**
 * What drifted, one UpdateTable each: the service applies such changes one at a
 * time, and the table has to be ACTIVE again before the next.
 */
function tableUpdates(table: TableDescription, keyArn: string): TableUpdate[] {
  const updates: TableUpdate[] = [];
  if (table.DeletionProtectionEnabled !== true) {
    updates.push({
      change: change('deletion protection', 'off', 'on'),
      input: { DeletionProtectionEnabled: true },
    });
  }
  // A table without a billing summary has always been provisioned.
  const billing = table.BillingModeSummary?.BillingMode ?? 'PROVISIONED';
  if (billing !== 'PAY_PER_REQUEST') {
    updates.push({
      change: change('billing mode', billing, 'PAY_PER_REQUEST'),
      input: { BillingMode: 'PAY_PER_REQUEST' },
    });
  }
  const sse = table.SSEDescription;
  const sseOk =
    sse?.Status === 'ENABLED' && sse.SSEType === 'KMS' && sse.KMSMasterKeyArn === keyArn;
  if (!sseOk) {
    const current = sse?.SSEType === 'KMS' ? `KMS ${sse.KMSMasterKeyArn ?? ''}` : 'AWS owned key';
    updates.push({
      change: change('encryption', current, `KMS ${keyArn}`),
      input: { SSESpecification: { Enabled: true, SSEType: 'KMS', KMSMasterKeyId: keyArn } },
    });
  }
  return updates;
}

/** The keys of a table cannot change: a table with other keys is an operator's decision. */
function assertKeySchema(table: TableDescription, name: string): void {
  const keys = (table.KeySchema ?? []).map((k) => `${k.AttributeName}:${k.KeyType}`).join(',');
  const types = new Map(
    (table.AttributeDefinitions ?? []).map((a) => [a.AttributeName, a.AttributeType]),
  );
  if (keys === 'pk:HASH,sk:RANGE' && types.get('pk') === 'S' && types.get('sk') === 'S') return;
  throw new CciError(
    'CONFIG_TABLE_SCHEMA',
    `Step ${STEP}: table ${name} exists with keys [${keys}], but cci-lite needs pk (string, HASH) and sk (string, RANGE).`,
    {
      fault: 'user',
      hint: 'The keys of a DynamoDB table cannot be changed: back up and delete that table, then run init again.',
      details: { step: STEP, resourceType: TABLE, resource: name },
    },
  );
}

async function ensurePointInTimeRecovery(
  db: DynamoDBClient,
  recorder: StepRecorder,
  name: string,
  tableExisted: boolean,
): Promise<void> {
  const resource = { type: PITR, name };
  let state: Observed = { state: 'missing' };
  // A table created by this run (or to be created by this plan) has PITR off.
  if (tableExisted) {
    const out = await recorder.guard(resource, () =>
      db.send(new DescribeContinuousBackupsCommand({ TableName: name })),
    );
    const status =
      out.ContinuousBackupsDescription?.PointInTimeRecoveryDescription?.PointInTimeRecoveryStatus;
    state =
      status === 'ENABLED'
        ? { state: 'ok' }
        : { state: 'drifted', changes: [change('point-in-time recovery', status, 'ENABLED')] };
  }
  await recorder.ensure(resource, state, async () => {
    await db.send(
      new UpdateContinuousBackupsCommand({
        TableName: name,
        PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
      }),
    );
  });
}

async function listTags(db: DynamoDBClient, resourceArn: string): Promise<Record<string, string>> {
  const tags: DynamoTag[] = [];
  let token: string | undefined;
  do {
    const page = await db.send(
      new ListTagsOfResourceCommand({ ResourceArn: resourceArn, NextToken: token }),
    );
    tags.push(...(page.Tags ?? []));
    token = page.NextToken;
  } while (token !== undefined);
  return tagRecord(tags);
}

async function waitActive(db: DynamoDBClient, name: string): Promise<void> {
  await waitUntilTableExists({ client: db, ...WAIT }, { TableName: name });
}
