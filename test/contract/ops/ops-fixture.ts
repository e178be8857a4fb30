import {
  GetQueryExecutionCommand,
  GetQueryResultsCommand,
  StartQueryExecutionCommand,
  type Row,
} from '@aws-sdk/client-athena';
import { DescribeBudgetsCommand } from '@aws-sdk/client-budgets';
import { DescribeAlarmsCommand } from '@aws-sdk/client-cloudwatch';
import { GetCrawlerCommand, StartCrawlerCommand } from '@aws-sdk/client-glue';
import { DescribeKeyCommand } from '@aws-sdk/client-kms';
import { GetFunctionCommand } from '@aws-sdk/client-lambda';
import { DescribeDataSetCommand, ListIngestionsCommand } from '@aws-sdk/client-quicksight';
import {
  DeleteObjectCommand,
  GetObjectCommand,
  GetObjectTaggingCommand,
  HeadObjectCommand,
  PutObjectCommand,
  type GetObjectCommandOutput,
} from '@aws-sdk/client-s3';
import {
  GetQueueAttributesCommand,
  GetQueueUrlCommand,
  ReceiveMessageCommand,
} from '@aws-sdk/client-sqs';
import { GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import { GetCallAnalyticsJobCommand, GetTranscriptionJobCommand } from '@aws-sdk/client-transcribe';
import { DynamoDBDocumentClient, GetCommand, ScanCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { vi } from 'vitest';
import { getNamedQuery } from '../../../src/analytics/index.js';
import { QUICKSIGHT_IDS } from '../../../src/aws/catalog-names.js';
import { ALARM_NAMES } from '../../../src/aws/lambda/deploy/alarms.js';
import type { Clock } from '../../../src/aws/ops/ops-clock.js';
import { deriveResourceNames } from '../../../src/core/config/resource-names.js';
import { deriveCallId } from '../../../src/core/ids/call-id.js';
import type { UnifiedResult } from '../../../src/core/result/schema.js';
import type { ConfigItem } from '../../../src/pipeline/ports.js';
import { awsError, TEST_ACCOUNT, TEST_REGION, type AwsMocks } from '../../helpers/aws-mocks.js';
import { buildFixtureResult } from '../../helpers/result-fixtures.js';

export const docMock = mockClient(DynamoDBDocumentClient);
export const NAMES = deriveResourceNames(TEST_ACCOUNT, TEST_REGION);
export const KEY_ARN = `arn:aws:kms:${TEST_REGION}:${TEST_ACCOUNT}:key/1234abcd-12ab-34cd-56ef-1234567890ab`;
export const T0 = new Date('2026-11-26T10:00:00.000Z');
export const TENANT = 'demo-tenant';
export const UPLOAD_NAME = 'validate-2026-11-26T10-00-00-000Z';
export const UPLOAD_KEY = `${TENANT}/calls/${UPLOAD_NAME}.wav`;
export const CALL_ID = deriveCallId(TENANT, UPLOAD_KEY);
export const RESULT_KEY = `${TENANT}/2026/11/26/${CALL_ID}.json`;

/** Simulated time: sleep moves the clock; nothing waits. */
export function simulatedClock(
  start: Date = T0,
): Clock & { sleeps: number[]; elapsedMs(): number } {
  let now = start.getTime();
  const sleeps: number[] = [];
  return {
    sleeps,
    now: () => new Date(now),
    sleep: (ms) => {
      sleeps.push(ms);
      now += ms;
      return Promise.resolve();
    },
    elapsedMs: () => now - start.getTime(),
  };
}

export function bodyOf(text: string): GetObjectCommandOutput['Body'] {
  const bytes = new Uint8Array(Buffer.from(text, 'utf8'));
  return { transformToByteArray: () => Promise.resolve(bytes) } as GetObjectCommandOutput['Body'];
}

const row = (...values: Array<string | null>): Row => ({
  Data: values.map((v) => (v === null ? {} : { VarCharValue: v })),
});

type LedgerStatus = 'TRANSCRIBING' | 'ANALYSING' | 'COMPLETED' | 'FAILED';

function ledgerItem(status: LedgerStatus, extra: Record<string, unknown> = {}): ConfigItem {
  return {
    pk: `TENANT#${TENANT}`,
    sk: `CALL#${CALL_ID}`,
    callId: CALL_ID,
    status,
    objectKey: UPLOAD_KEY,
    callDate: '2026-11-26',
    kind: 'call-analytics',
    agentId: 'cci-lite-validate',
    updatedAt: T0.toISOString(),
    ...(status === 'COMPLETED' ? { resultKey: RESULT_KEY } : {}),
    ...extra,
  };
}

export const TENANT_META: ConfigItem = {
  pk: `TENANT#${TENANT}`,
  sk: 'META#v1',
  name: TENANT,
  bedrockModel: 'eu.anthropic.claude-haiku-4-5-20251001-v1:0',
  createdAt: '2026-11-01T00:00:00.000Z',
};

export function theResult(): UnifiedResult {
  return buildFixtureResult({
    tenantId: TENANT,
    name: UPLOAD_NAME,
    callDate: '2026-11-26',
    agentId: 'cci-lite-validate',
    outcomes: { greet_01: 'passed', empathy_02: 'failed', resolve_03: 'passed' },
  });
}

/** The account basics every aws command reads: STS, the key, and the config table. */
export function installAccount(mocks: AwsMocks, items: ConfigItem[] = [TENANT_META]): void {
  mocks.sts.on(GetCallerIdentityCommand).resolves({
    Account: TEST_ACCOUNT,
    Arn: `arn:aws:iam::${TEST_ACCOUNT}:user/operator`,
  });
  mocks.kms.on(DescribeKeyCommand).resolves({ KeyMetadata: { KeyId: 'k', Arn: KEY_ARN } });
  docMock.reset();
  docMock.on(GetCommand).callsFake((input: { Key: { pk: string; sk: string } }) => {
    const item = items.find((i) => i.pk === input.Key.pk && i.sk === input.Key.sk);
    return item === undefined ? {} : { Item: structuredClone(item) };
  });
  docMock.on(ScanCommand).resolves({ Items: items.map((i) => structuredClone(i)) });
}

export interface ValidateRunOptions {
  /** HeadObject answers NotFound this many times before the result exists; Infinity: never. */
  headNotFound?: number;
  /** The call fails in Transcribe: the ledger records FAILED with this reason. */
  failWith?: string;
  alarmInAlarm?: string;
  quicksight?: 'ok' | 'not-subscribed';
}

/**
 * A whole validation run as AWS would play it: the ledger moves
 * (none → TRANSCRIBING → ANALYSING → COMPLETED) and the Call Analytics job
 * (not found → IN_PROGRESS → COMPLETED) over successive polls, the result
 * appears after some HeadObject NotFound answers, the crawler goes RUNNING →
 * STOPPING → READY, and each Athena query QUEUED → RUNNING → SUCCEEDED with
 * paged results.
 */
export function installValidateRun(mocks: AwsMocks, options: ValidateRunOptions = {}): void {
  const result = theResult();
  const ledger: Array<ConfigItem | undefined> = options.failWith
    ? [
        undefined,
        ledgerItem('TRANSCRIBING'),
        ledgerItem('TRANSCRIBING'),
        ledgerItem('FAILED', { reason: options.failWith }),
      ]
    : [
        undefined,
        ledgerItem('TRANSCRIBING'),
        ledgerItem('TRANSCRIBING'),
        ledgerItem('TRANSCRIBING'),
        ledgerItem('ANALYSING'),
        ledgerItem('ANALYSING'),
        ledgerItem('COMPLETED'),
      ];
  let ledgerReads = 0;
  installAccount(mocks);
  docMock.on(GetCommand).callsFake((input: { Key: { pk: string; sk: string } }) => {
    if (input.Key.sk === `CALL#${CALL_ID}`) {
      const item = ledger[Math.min(ledgerReads++, ledger.length - 1)];
      return item === undefined ? {} : { Item: structuredClone(item) };
    }
    return input.Key.sk === 'META#v1' && input.Key.pk === `TENANT#${TENANT}`
      ? { Item: structuredClone(TENANT_META) }
      : {};
  });

  mocks.lambda.on(GetFunctionCommand).resolves({
    Configuration: { State: 'Active', LastUpdateStatus: 'Successful' },
  });
  mocks.s3.on(PutObjectCommand).resolves({});
  mocks.s3.on(DeleteObjectCommand).resolves({});
  const head = mocks.s3.on(HeadObjectCommand, { Bucket: NAMES.resultsBucket, Key: RESULT_KEY });
  const misses = options.headNotFound ?? 3;
  if (misses === Infinity) head.rejects(awsError('NotFound', 'Not Found', 404));
  else {
    for (let i = 0; i < misses; i++) head.rejectsOnce(awsError('NotFound', 'Not Found', 404));
    head.resolves({ ContentLength: 2048, LastModified: T0, Metadata: {} });
  }
  mocks.s3
    .on(GetObjectCommand, { Bucket: NAMES.resultsBucket, Key: RESULT_KEY })
    .resolves({ Body: bodyOf(JSON.stringify(result)) });
  mocks.s3.on(GetObjectTaggingCommand).resolves({ TagSet: [{ Key: 'tenant_id', Value: TENANT }] });

  const notFound = awsError(
    'BadRequestException',
    "The requested job couldn't be found. Check the job name and try your request again.",
  );
  mocks.transcribe
    .on(GetCallAnalyticsJobCommand)
    .rejectsOnce(notFound)
    .resolvesOnce({ CallAnalyticsJob: { CallAnalyticsJobStatus: 'IN_PROGRESS' } })
    .resolvesOnce({ CallAnalyticsJob: { CallAnalyticsJobStatus: 'IN_PROGRESS' } })
    .resolves(
      options.failWith
        ? { CallAnalyticsJob: { CallAnalyticsJobStatus: 'IN_PROGRESS' } }
        : { CallAnalyticsJob: { CallAnalyticsJobStatus: 'COMPLETED' } },
    );
  mocks.transcribe.on(GetTranscriptionJobCommand).rejects(notFound);

  installCrawler(mocks);
  installQueries(mocks, {
    'explode-criteria': {
      columns: ['tenant_id', 'call_id', 'criterion_id', 'passed'],
      pages: [
        [
          ['tenant_id', 'call_id', 'criterion_id', 'passed'],
          [TENANT, 'cci_demo-tenant_older_call_0123456789', 'greeting', 'true'],
        ],
        [
          [TENANT, CALL_ID, 'greeting', 'true'],
          [TENANT, CALL_ID, 'empathy', 'false'],
        ],
      ],
    },
    'failure-rate': {
      columns: ['criterion_id', 'question', 'fail_rate', 'calls', 'fails'],
      pages: [
        [
          ['criterion_id', 'question', 'fail_rate', 'calls', 'fails'],
          ['empathy', 'Did the agent show empathy?', '1.0', '1', '1'],
        ],
      ],
    },
  });
  installQuickSight(mocks, options.quicksight ?? 'ok');
  installAlarms(mocks, options.alarmInAlarm);
  installBudgets(mocks);
}

export function installCrawler(mocks: AwsMocks): void {
  mocks.glue.on(StartCrawlerCommand).resolves({});
  const lastCrawl = {
    Status: 'SUCCEEDED' as const,
    StartTime: new Date('2026-11-26T10:06:00Z'),
  };
  mocks.glue
    .on(GetCrawlerCommand)
    .resolvesOnce({ Crawler: { Name: NAMES.crawler, State: 'RUNNING' } })
    .resolvesOnce({ Crawler: { Name: NAMES.crawler, State: 'STOPPING' } })
    .resolves({ Crawler: { Name: NAMES.crawler, State: 'READY', LastCrawl: lastCrawl } });
}

/** Per query: its columns and result pages (the first page starts with the header row). */
export type QueryPages = Record<
  string,
  { columns: string[]; pages: Array<Array<Array<string | null>>> }
>;

export function installQueries(mocks: AwsMocks, queries: QueryPages): void {
  const names = Object.keys(queries);
  let started = 0;
  const polls = new Map<string, number>();
  mocks.athena.on(StartQueryExecutionCommand).callsFake((input: { QueryString: string }) => {
    const name = names.find((n) => getNamedQuery(n).athena.sql === input.QueryString);
    if (name === undefined) throw new Error(`unexpected SQL ${input.QueryString.slice(0, 60)}`);
    return { QueryExecutionId: `q-${name}-${++started}` };
  });
  mocks.athena.on(GetQueryExecutionCommand).callsFake((input: { QueryExecutionId: string }) => {
    const n = polls.get(input.QueryExecutionId) ?? 0;
    polls.set(input.QueryExecutionId, n + 1);
    const State = (['QUEUED', 'RUNNING'] as const)[n] ?? 'SUCCEEDED';
    return { QueryExecution: { QueryExecutionId: input.QueryExecutionId, Status: { State } } };
  });
  mocks.athena
    .on(GetQueryResultsCommand)
    .callsFake((input: { QueryExecutionId: string; NextToken?: string }) => {
      const name = names.find((n) => input.QueryExecutionId.startsWith(`q-${n}-`)) ?? '';
      const query = queries[name];
      if (query === undefined) throw new Error(`unknown execution ${input.QueryExecutionId}`);
      const page = input.NextToken === undefined ? 0 : Number(input.NextToken);
      const next = page + 1 < query.pages.length ? String(page + 1) : undefined;
      return {
        ResultSet: {
          ResultSetMetadata: { ColumnInfo: query.columns.map((Name) => ({ Name })) },
          Rows: (query.pages[page] ?? []).map((r) => row(...r)),
        },
        ...(next === undefined ? {} : { NextToken: next }),
      };
    });
}

export function installQuickSight(mocks: AwsMocks, mode: 'ok' | 'not-subscribed'): void {
  if (mode === 'not-subscribed') {
    mocks.quicksight
      .on(DescribeDataSetCommand)
      .rejects(awsError('ResourceNotFoundException', 'Account is not signed up', 404));
    return;
  }
  mocks.quicksight.on(DescribeDataSetCommand).resolves({ DataSet: { ImportMode: 'SPICE' } });
  mocks.quicksight.on(ListIngestionsCommand).resolves({
    Ingestions: [
      {
        Arn: 'a1',
        IngestionStatus: 'FAILED',
        CreatedTime: new Date('2026-11-24T03:00:00Z'),
        ErrorInfo: { Type: 'QUERY_TIMEOUT' as const, Message: 'old' },
      },
      {
        Arn: 'a2',
        IngestionStatus: 'COMPLETED',
        CreatedTime: new Date('2026-11-26T03:00:00Z'),
        RowInfo: { RowsIngested: 42 },
      },
    ],
  });
}

export function installAlarms(mocks: AwsMocks, inAlarm?: string): void {
  mocks.cloudwatch.on(DescribeAlarmsCommand).resolves({
    MetricAlarms: ALARM_NAMES.map((name) => ({
      AlarmName: name,
      StateValue: name === inAlarm ? ('ALARM' as const) : ('OK' as const),
      StateReason: name === inAlarm ? 'Threshold Crossed: 1 datapoint [3.0] > 0' : 'ok',
      StateUpdatedTimestamp: new Date('2026-11-26T09:00:00Z'),
    })),
  });
}

export function installBudgets(mocks: AwsMocks, transcribeActual = '12.5'): void {
  const budget = (name: string, limit: string, actual: string) => ({
    BudgetName: name,
    BudgetType: 'COST' as const,
    TimeUnit: 'MONTHLY' as const,
    BudgetLimit: { Amount: limit, Unit: 'USD' },
    CalculatedSpend: { ActualSpend: { Amount: actual, Unit: 'USD' } },
  });
  mocks.budgets.on(DescribeBudgetsCommand).resolves({
    Budgets: [
      budget('cci-lite-transcribe-monthly', '200', transcribeActual),
      budget('cci-lite-bedrock-monthly', '100', '3.2'),
      budget('cci-lite-lambda-monthly', '25', '0.4'),
      budget('someone-elses-budget', '10', '50'),
    ],
  });
}

export function installDlq(mocks: AwsMocks, reasons: string[]): void {
  const url = `https://sqs.${TEST_REGION}.amazonaws.com/${TEST_ACCOUNT}/${NAMES.deadLetterQueue}`;
  mocks.sqs.on(GetQueueUrlCommand).resolves({ QueueUrl: url });
  mocks.sqs
    .on(GetQueueAttributesCommand)
    .resolves({ Attributes: { ApproximateNumberOfMessages: String(reasons.length) } });
  mocks.sqs
    .on(ReceiveMessageCommand)
    .resolvesOnce({
      Messages: reasons.map((reason, i) => ({
        MessageId: `m${i}`,
        ReceiptHandle: `r${i}`,
        Body: '{}',
        MessageAttributes: { reason: { DataType: 'String', StringValue: reason } },
      })),
    })
    .resolves({ Messages: [] });
}

export const QUICKSIGHT_DATASETS = [
  QUICKSIGHT_IDS.resultsDataSet,
  QUICKSIGHT_IDS.criteriaDataSet,
  QUICKSIGHT_IDS.rlsDataSet,
];

/**
 * Runs work (the in-process CLI, which uses the real clock) on fake timers
 * starting at `start`: jumps to the next pending timer when there is one,
 * otherwise lets real I/O (reading the sample file) progress, so simulated
 * time never runs ahead of it. The caller restores real timers.
 */
export async function driveFakeTimers<T>(start: Date, work: () => Promise<T>): Promise<T> {
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
  vi.setSystemTime(start);
  let settled = false;
  const running = work().finally(() => {
    settled = true;
  });
  while (!settled) {
    if (vi.getTimerCount() > 0) await vi.advanceTimersToNextTimerAsync();
    else await new Promise<void>((resolve) => setImmediate(resolve));
  }
  return running;
}
