import {
  BatchGetNamedQueryCommand,
  DeleteNamedQueryCommand,
  DeleteWorkGroupCommand,
  GetWorkGroupCommand,
  ListNamedQueriesCommand,
  ListWorkGroupsCommand,
} from '@aws-sdk/client-athena';
import { DeleteBudgetCommand, DescribeBudgetCommand } from '@aws-sdk/client-budgets';
import {
  DeleteTrailCommand,
  GetTrailCommand,
  StopLoggingCommand,
} from '@aws-sdk/client-cloudtrail';
import { DeleteAlarmsCommand, DescribeAlarmsCommand } from '@aws-sdk/client-cloudwatch';
import { DeleteLogGroupCommand, DescribeLogGroupsCommand } from '@aws-sdk/client-cloudwatch-logs';
import {
  DeleteTableCommand,
  DescribeTableCommand,
  UpdateTableCommand,
} from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, ScanCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import {
  DeleteRuleCommand,
  DescribeRuleCommand,
  ListTargetsByRuleCommand,
  RemoveTargetsCommand,
} from '@aws-sdk/client-eventbridge';
import {
  DeleteCrawlerCommand,
  DeleteDatabaseCommand,
  DeleteTableCommand as DeleteGlueTableCommand,
  GetCrawlerCommand,
  GetDatabaseCommand,
  GetTableCommand,
} from '@aws-sdk/client-glue';
import {
  DeleteRoleCommand,
  DeleteRolePolicyCommand,
  DetachRolePolicyCommand,
  GetRoleCommand,
  GetRolePolicyCommand,
  ListAttachedRolePoliciesCommand,
  ListRolePoliciesCommand,
} from '@aws-sdk/client-iam';
import {
  DeleteAliasCommand,
  DescribeKeyCommand,
  ScheduleKeyDeletionCommand,
} from '@aws-sdk/client-kms';
import {
  DeleteEventSourceMappingCommand,
  DeleteFunctionCommand,
  GetFunctionCommand,
  ListEventSourceMappingsCommand,
} from '@aws-sdk/client-lambda';
import {
  DeleteAnalysisCommand,
  DeleteDashboardCommand,
  DeleteDataSetCommand,
  DeleteDataSourceCommand,
  DeleteRefreshScheduleCommand,
  DescribeAnalysisCommand,
  DescribeDashboardCommand,
  DescribeDataSetCommand,
  DescribeDataSourceCommand,
  ListRefreshSchedulesCommand,
} from '@aws-sdk/client-quicksight';
import {
  DeleteBucketCommand,
  DeleteObjectsCommand,
  HeadBucketCommand,
  ListObjectVersionsCommand,
} from '@aws-sdk/client-s3';
import {
  DeleteTopicCommand,
  GetTopicAttributesCommand,
  ListSubscriptionsByTopicCommand,
  UnsubscribeCommand,
} from '@aws-sdk/client-sns';
import { DeleteQueueCommand, GetQueueUrlCommand } from '@aws-sdk/client-sqs';
import { GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import { awsError, TEST_ACCOUNT, TEST_REGION, type AwsMocks } from '../../helpers/aws-mocks.js';

/**
 * A fully provisioned account (init, deploy-lambdas, two tenants, the
 * analytics resources) served from a set of present resources: reads answer
 * the service's not-found error once a resource is gone, deletes remove it and
 * log the command name in the order they were sent, across all clients.
 */
export interface DestroyAccount {
  present: Set<string>;
  /** Mutating commands in the order they were sent. */
  log: string[];
  /** Object versions (and delete markers) per bucket. */
  versions: Map<string, string[]>;
}

const NAMES = {
  buckets: ['input', 'results', 'athena-staging', 'trail'].map(
    (k) => `cci-lite-${k}-${TEST_ACCOUNT}-${TEST_REGION}`,
  ),
  roles: [
    'cci-lite-lambda-role',
    'cci-lite-glue-role',
    'cci-lite-quicksight-role',
    'cci-lite-transcribe-data-access-role',
  ],
};
export const KEY_ID = '1234abcd-12ab-34cd-56ef-1234567890ab';
export const BUCKETS = NAMES.buckets;

export function allResources(): string[] {
  return [
    'qs:dashboard',
    'qs:analysis',
    'qs:schedule:cci-lite-results',
    'qs:schedule:cci-lite-qa-criteria',
    'qs:dataset:cci-lite-results',
    'qs:dataset:cci-lite-qa-criteria',
    'qs:dataset:cci-lite-rls-rules',
    'qs:datasource',
    'trail',
    ...[
      'cci-lite-job-init-errors',
      'cci-lite-result-handler-errors',
      'cci-lite-dlq-depth',
      'cci-lite-bedrock-latency',
      'cci-lite-transcribe-failed',
    ].map((a) => `alarm:${a}`),
    'topic:cci-lite-alerts',
    'esm',
    'target:S3ObjectCreatedToJobInit:job-init',
    'fn:cci-lite-job-init',
    'fn:cci-lite-result-handler',
    'lg:/aws/lambda/cci-lite-job-init',
    'lg:/aws/lambda/cci-lite-result-handler',
    ...['transcribe', 'bedrock', 'lambda'].map((b) => `budget:cci-lite-${b}-monthly`),
    'nq:q-1',
    'nq:q-2',
    'wg:tenant-acme',
    'wg:tenant-zeta',
    'wg:cci-lite-shared',
    'glue-table:rls_rules',
    'glue-table:results_parquet',
    'glue-table:results',
    'crawler',
    'database',
    'rule:TranscribeCompletedToResultHandler',
    'target:TranscribeCompletedToResultHandler:sns-topic',
    'rule:S3ObjectCreatedToJobInit',
    'sub',
    'queue:cci-lite-analysis-queue',
    'queue:cci-lite-dlq',
    'topic:TranscribeJobStatusTopic',
    'ddb',
    ...NAMES.buckets.map((b) => `bucket:${b}`),
    ...NAMES.roles.map((r) => `policy:${r}`),
    ...NAMES.roles.map((r) => `role:${r}`),
    'key',
    'alias',
  ];
}

/** The config store talks through the document client, mocked apart from the low-level one. */
const docMock = mockClient(DynamoDBDocumentClient);

export function destroyAccount(
  mocks: AwsMocks,
  options: { empty?: boolean; versions?: Map<string, string[]> } = {},
): DestroyAccount {
  const account: DestroyAccount = {
    present: new Set(options.empty === true ? [] : allResources()),
    log: [],
    versions: options.versions ?? new Map(),
  };
  const has = (key: string) => account.present.has(key);
  const found = <T>(key: string, answer: T, notFound: string): T => {
    if (!has(key)) throw awsError(notFound);
    return answer;
  };
  const gone = (name: string, key: string, notFound: string): Record<string, never> => {
    account.log.push(name);
    if (!account.present.delete(key)) throw awsError(notFound);
    return {};
  };
  const logged = (name: string): Record<string, never> => {
    account.log.push(name);
    return {};
  };

  mocks.sts.on(GetCallerIdentityCommand).resolves({
    Account: TEST_ACCOUNT,
    Arn: `arn:aws:iam::${TEST_ACCOUNT}:user/operator`,
  });

  // QuickSight
  const qs = mocks.quicksight;
  const QS404 = 'ResourceNotFoundException';
  qs.on(DescribeDashboardCommand).callsFake(() => found('qs:dashboard', { Dashboard: {} }, QS404));
  qs.on(DeleteDashboardCommand).callsFake(() => gone('DeleteDashboard', 'qs:dashboard', QS404));
  qs.on(DescribeAnalysisCommand).callsFake(() =>
    found('qs:analysis', { Analysis: { Status: 'CREATION_SUCCESSFUL' } }, QS404),
  );
  qs.on(DeleteAnalysisCommand).callsFake(() => gone('DeleteAnalysis', 'qs:analysis', QS404));
  qs.on(ListRefreshSchedulesCommand).callsFake((i: { DataSetId: string }) => {
    found(`qs:dataset:${i.DataSetId}`, {}, QS404);
    return {
      RefreshSchedules: has(`qs:schedule:${i.DataSetId}`) ? [{ ScheduleId: 'cci-lite-daily' }] : [],
    };
  });
  qs.on(DeleteRefreshScheduleCommand).callsFake((i: { DataSetId: string }) =>
    gone('DeleteRefreshSchedule', `qs:schedule:${i.DataSetId}`, QS404),
  );
  qs.on(DescribeDataSetCommand).callsFake((i: { DataSetId: string }) =>
    found(`qs:dataset:${i.DataSetId}`, { DataSet: {} }, QS404),
  );
  qs.on(DeleteDataSetCommand).callsFake((i: { DataSetId: string }) =>
    gone('DeleteDataSet', `qs:dataset:${i.DataSetId}`, QS404),
  );
  qs.on(DescribeDataSourceCommand).callsFake(() =>
    found('qs:datasource', { DataSource: {} }, QS404),
  );
  qs.on(DeleteDataSourceCommand).callsFake(() => gone('DeleteDataSource', 'qs:datasource', QS404));

  // CloudTrail
  const T404 = 'TrailNotFoundException';
  mocks.cloudtrail.on(GetTrailCommand).callsFake(() => found('trail', { Trail: {} }, T404));
  mocks.cloudtrail.on(StopLoggingCommand).callsFake(() => {
    found('trail', {}, T404);
    return logged('StopLogging');
  });
  mocks.cloudtrail.on(DeleteTrailCommand).callsFake(() => gone('DeleteTrail', 'trail', T404));

  // CloudWatch alarms, log groups
  mocks.cloudwatch.on(DescribeAlarmsCommand).callsFake((i: { AlarmNames: string[] }) => ({
    MetricAlarms: i.AlarmNames.filter((n) => has(`alarm:${n}`)).map((AlarmName) => ({ AlarmName })),
  }));
  mocks.cloudwatch.on(DeleteAlarmsCommand).callsFake((i: { AlarmNames: string[] }) => {
    account.log.push('DeleteAlarms');
    for (const n of i.AlarmNames) account.present.delete(`alarm:${n}`);
    return {};
  });
  mocks.logs.on(DescribeLogGroupsCommand).callsFake((i: { logGroupNamePrefix: string }) => ({
    logGroups: has(`lg:${i.logGroupNamePrefix}`) ? [{ logGroupName: i.logGroupNamePrefix }] : [],
  }));
  mocks.logs
    .on(DeleteLogGroupCommand)
    .callsFake((i: { logGroupName: string }) =>
      gone('DeleteLogGroup', `lg:${i.logGroupName}`, 'ResourceNotFoundException'),
    );

  // SNS
  const topicKey = (arn: string) => `topic:${arn.split(':').pop() ?? ''}`;
  mocks.sns
    .on(GetTopicAttributesCommand)
    .callsFake((i: { TopicArn: string }) =>
      found(topicKey(i.TopicArn), { Attributes: {} }, 'NotFoundException'),
    );
  mocks.sns.on(DeleteTopicCommand).callsFake((i: { TopicArn: string }) => {
    account.log.push('DeleteTopic');
    account.present.delete(topicKey(i.TopicArn));
    return {};
  });
  mocks.sns.on(ListSubscriptionsByTopicCommand).callsFake((i: { TopicArn: string }) => {
    found(topicKey(i.TopicArn), {}, 'NotFoundException');
    return {
      Subscriptions: has('sub')
        ? [
            {
              Protocol: 'sqs',
              Endpoint: `arn:aws:sqs:${TEST_REGION}:${TEST_ACCOUNT}:cci-lite-analysis-queue`,
              SubscriptionArn: 'arn:sub-1',
            },
          ]
        : [],
    };
  });
  mocks.sns.on(UnsubscribeCommand).callsFake(() => gone('Unsubscribe', 'sub', 'NotFoundException'));

  // Lambda
  const L404 = 'ResourceNotFoundException';
  mocks.lambda.on(ListEventSourceMappingsCommand).callsFake((i: { EventSourceArn: string }) => ({
    EventSourceMappings: has('esm')
      ? [{ UUID: 'uuid-1', EventSourceArn: i.EventSourceArn, State: 'Enabled' }]
      : [],
  }));
  mocks.lambda
    .on(DeleteEventSourceMappingCommand)
    .callsFake(() => gone('DeleteEventSourceMapping', 'esm', L404));
  mocks.lambda
    .on(GetFunctionCommand)
    .callsFake((i: { FunctionName: string }) =>
      found(`fn:${i.FunctionName}`, { Configuration: {} }, L404),
    );
  mocks.lambda
    .on(DeleteFunctionCommand)
    .callsFake((i: { FunctionName: string }) =>
      gone('DeleteFunction', `fn:${i.FunctionName}`, L404),
    );

  // EventBridge
  const E404 = 'ResourceNotFoundException';
  mocks.eventbridge
    .on(DescribeRuleCommand)
    .callsFake((i: { Name: string }) => found(`rule:${i.Name}`, { Name: i.Name }, E404));
  mocks.eventbridge.on(ListTargetsByRuleCommand).callsFake((i: { Rule: string }) => {
    found(`rule:${i.Rule}`, {}, E404);
    const prefix = `target:${i.Rule}:`;
    return {
      Targets: [...account.present]
        .filter((k) => k.startsWith(prefix))
        .map((k) => ({ Id: k.slice(prefix.length), Arn: 'arn:x' })),
    };
  });
  mocks.eventbridge.on(RemoveTargetsCommand).callsFake((i: { Rule: string; Ids: string[] }) => {
    account.log.push('RemoveTargets');
    for (const id of i.Ids) account.present.delete(`target:${i.Rule}:${id}`);
    return { FailedEntryCount: 0 };
  });
  mocks.eventbridge
    .on(DeleteRuleCommand)
    .callsFake((i: { Name: string }) => gone('DeleteRule', `rule:${i.Name}`, E404));

  // Budgets
  mocks.budgets
    .on(DescribeBudgetCommand)
    .callsFake((i: { BudgetName: string }) =>
      found(
        `budget:${i.BudgetName}`,
        { Budget: { BudgetName: i.BudgetName } },
        'NotFoundException',
      ),
    );
  mocks.budgets
    .on(DeleteBudgetCommand)
    .callsFake((i: { BudgetName: string }) =>
      gone('DeleteBudget', `budget:${i.BudgetName}`, 'NotFoundException'),
    );

  // Athena
  const wgMissing = () =>
    Object.assign(awsError('InvalidRequestException', 'WorkGroup is not found.'), {});
  mocks.athena.on(ListNamedQueriesCommand).callsFake((i: { WorkGroup: string }) => {
    if (!has(`wg:${i.WorkGroup}`)) throw wgMissing();
    return {
      NamedQueryIds: [...account.present].filter((k) => k.startsWith('nq:')).map((k) => k.slice(3)),
    };
  });
  mocks.athena.on(BatchGetNamedQueryCommand).callsFake((i: { NamedQueryIds: string[] }) => ({
    NamedQueries: i.NamedQueryIds.map((id) => ({ NamedQueryId: id, Name: `query ${id}` })),
  }));
  mocks.athena
    .on(DeleteNamedQueryCommand)
    .callsFake((i: { NamedQueryId: string }) =>
      gone('DeleteNamedQuery', `nq:${i.NamedQueryId}`, 'InvalidRequestException'),
    );
  mocks.athena.on(ListWorkGroupsCommand).callsFake(() => ({
    WorkGroups: [...account.present]
      .filter((k) => k.startsWith('wg:'))
      .map((k) => k.slice(3))
      .map((Name) => ({
        Name,
        Description: Name.startsWith('tenant-')
          ? `cci-lite workgroup of tenant ${Name.slice(7)} (guide §10)`
          : 'cci-lite shared workgroup (guide §10)',
      })),
  }));
  mocks.athena.on(GetWorkGroupCommand).callsFake((i: { WorkGroup: string }) => {
    if (!has(`wg:${i.WorkGroup}`)) throw wgMissing();
    return { WorkGroup: { Name: i.WorkGroup } };
  });
  mocks.athena.on(DeleteWorkGroupCommand).callsFake((i: { WorkGroup: string }) => {
    account.log.push('DeleteWorkGroup');
    if (!account.present.delete(`wg:${i.WorkGroup}`)) throw wgMissing();
    return {};
  });

  // DynamoDB: tenants in the config table, then the table itself
  const D404 = 'ResourceNotFoundException';
  docMock.reset();
  docMock.on(ScanCommand).callsFake(() => {
    found('ddb', {}, D404);
    return {
      Items: [
        {
          pk: 'TENANT#acme',
          sk: 'META#v1',
          name: 'Acme',
          bedrockModel: 'eu.model',
          createdAt: '2026-01-01T00:00:00.000Z',
        },
      ],
    };
  });
  mocks.dynamodb
    .on(DescribeTableCommand)
    .callsFake(() =>
      found(
        'ddb',
        { Table: { TableName: 'cci-lite-config', DeletionProtectionEnabled: true } },
        D404,
      ),
    );
  mocks.dynamodb.on(UpdateTableCommand).callsFake(() => logged('UpdateTable'));
  mocks.dynamodb.on(DeleteTableCommand).callsFake(() => gone('DeleteTable', 'ddb', D404));

  // Glue
  const G404 = 'EntityNotFoundException';
  mocks.glue
    .on(GetTableCommand)
    .callsFake((i: { Name: string }) =>
      found(`glue-table:${i.Name}`, { Table: { Name: i.Name } }, G404),
    );
  mocks.glue
    .on(DeleteGlueTableCommand)
    .callsFake((i: { Name: string }) => gone('DeleteTable', `glue-table:${i.Name}`, G404));
  mocks.glue
    .on(GetCrawlerCommand)
    .callsFake(() => found('crawler', { Crawler: { State: 'READY' } }, G404));
  mocks.glue.on(DeleteCrawlerCommand).callsFake(() => gone('DeleteCrawler', 'crawler', G404));
  mocks.glue.on(GetDatabaseCommand).callsFake(() => found('database', { Database: {} }, G404));
  mocks.glue.on(DeleteDatabaseCommand).callsFake(() => gone('DeleteDatabase', 'database', G404));

  // SQS
  const Q404 = 'QueueDoesNotExist';
  mocks.sqs
    .on(GetQueueUrlCommand)
    .callsFake((i: { QueueName: string }) =>
      found(`queue:${i.QueueName}`, { QueueUrl: `https://sqs/${i.QueueName}` }, Q404),
    );
  mocks.sqs
    .on(DeleteQueueCommand)
    .callsFake((i: { QueueUrl: string }) =>
      gone('DeleteQueue', `queue:${i.QueueUrl.split('/').pop() ?? ''}`, Q404),
    );

  // S3: versioned buckets, listed 2 versions a page
  mocks.s3
    .on(HeadBucketCommand)
    .callsFake((i: { Bucket: string }) => found(`bucket:${i.Bucket}`, {}, 'NotFound'));
  mocks.s3.on(ListObjectVersionsCommand).callsFake((i: { Bucket: string; KeyMarker?: string }) => {
    // Markers are keys, as in S3: a page starts after the last key of the one before.
    const all = [...(account.versions.get(i.Bucket) ?? [])].sort();
    const rest = all.filter((k) => i.KeyMarker === undefined || k > i.KeyMarker);
    const page = rest.slice(0, 2);
    const more = rest.length > 2;
    return {
      Versions: page.map((Key) => ({ Key, VersionId: `v-${Key}` })),
      IsTruncated: more,
      ...(more
        ? { NextKeyMarker: page.at(-1), NextVersionIdMarker: `v-${page.at(-1) ?? ''}` }
        : {}),
    };
  });
  mocks.s3
    .on(DeleteObjectsCommand)
    .callsFake((i: { Bucket: string; Delete: { Objects: Array<{ Key: string }> } }) => {
      account.log.push('DeleteObjects');
      const keys = new Set(i.Delete.Objects.map((o) => o.Key));
      account.versions.set(
        i.Bucket,
        (account.versions.get(i.Bucket) ?? []).filter((k) => !keys.has(k)),
      );
      return {};
    });
  mocks.s3
    .on(DeleteBucketCommand)
    .callsFake((i: { Bucket: string }) =>
      gone('DeleteBucket', `bucket:${i.Bucket}`, 'NoSuchBucket'),
    );

  // IAM: the Glue role has the AWS managed crawler policy attached
  const detached = new Set<string>();
  const I404 = 'NoSuchEntity';
  mocks.iam
    .on(GetRolePolicyCommand)
    .callsFake((i: { RoleName: string; PolicyName: string }) =>
      found(`policy:${i.RoleName}`, { PolicyName: i.PolicyName }, I404),
    );
  mocks.iam
    .on(DeleteRolePolicyCommand)
    .callsFake((i: { RoleName: string }) => gone('DeleteRolePolicy', `policy:${i.RoleName}`, I404));
  mocks.iam
    .on(GetRoleCommand)
    .callsFake((i: { RoleName: string }) =>
      found(`role:${i.RoleName}`, { Role: { RoleName: i.RoleName } }, I404),
    );
  mocks.iam.on(ListAttachedRolePoliciesCommand).callsFake((i: { RoleName: string }) => ({
    AttachedPolicies:
      i.RoleName === 'cci-lite-glue-role' && !detached.has(i.RoleName)
        ? [{ PolicyArn: 'arn:aws:iam::aws:policy/service-role/AWSGlueServiceRole' }]
        : [],
  }));
  mocks.iam.on(DetachRolePolicyCommand).callsFake((i: { RoleName: string }) => {
    detached.add(i.RoleName);
    return logged('DetachRolePolicy');
  });
  mocks.iam.on(ListRolePoliciesCommand).resolves({ PolicyNames: [] });
  mocks.iam
    .on(DeleteRoleCommand)
    .callsFake((i: { RoleName: string }) => gone('DeleteRole', `role:${i.RoleName}`, I404));

  // KMS
  const K404 = 'NotFoundException';
  mocks.kms
    .on(DescribeKeyCommand)
    .callsFake(() =>
      found(
        'alias',
        { KeyMetadata: { KeyId: KEY_ID, KeyState: has('key') ? 'Enabled' : 'PendingDeletion' } },
        K404,
      ),
    );
  mocks.kms
    .on(ScheduleKeyDeletionCommand)
    .callsFake(() => gone('ScheduleKeyDeletion', 'key', K404));
  mocks.kms.on(DeleteAliasCommand).callsFake(() => gone('DeleteAlias', 'alias', K404));

  return account;
}
