import 'aws-sdk-client-mock-vitest/extend';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import {
  CreateCrawlerCommand,
  CreateDatabaseCommand,
  GetCrawlerCommand,
  GetDatabaseCommand,
  GetTagsCommand,
  TagResourceCommand,
  UpdateCrawlerCommand,
  type Crawler,
} from '@aws-sdk/client-glue';
import { GLUE_CRAWLER, GLUE_DATABASE, glueStep } from '../../../src/aws/provision/glue.js';
import { tagsToRecord } from '../../../src/core/config/tags.js';
import { awsError, mockAws, TEST_ACCOUNT, TEST_REGION } from '../../helpers/aws-mocks.js';
import {
  countCalls,
  deploymentContext,
  expectedTags,
  GLUE_ROLE_ARN,
  NAMES,
} from './data-plane-fixture.js';

const aws = mockAws();
const { clients, mocks } = aws;
afterAll(() => aws.restore());
beforeEach(() => aws.reset());

const GLUE_ARN = `arn:aws:glue:${TEST_REGION}:${TEST_ACCOUNT}`;
const DB_ARN = `${GLUE_ARN}:database/cci-lite-db`;
const CRAWLER_ARN = `${GLUE_ARN}:crawler/cci-lite-results-crawler`;
const MUTATIONS = [
  CreateDatabaseCommand,
  CreateCrawlerCommand,
  UpdateCrawlerCommand,
  TagResourceCommand,
];
const TAGS = tagsToRecord(expectedTags('Glue'));
const CONFIGURATION = {
  Version: 1,
  Grouping: { TableGroupingPolicy: 'CombineCompatibleSchemas' },
  CrawlerOutput: { Partitions: { AddOrUpdateBehavior: 'InheritFromTable' } },
};

const EXPECTED_CRAWLER = {
  Name: 'cci-lite-results-crawler',
  Role: GLUE_ROLE_ARN,
  DatabaseName: 'cci-lite-db',
  Description: 'cci-lite unified results (guide §9, §18)',
  TablePrefix: 'crawled_',
  Targets: {
    S3Targets: [
      {
        Path: `s3://${NAMES.resultsBucket}/`,
        Exclusions: ['tmp/**', 'parquet/**', 'reports/**'],
      },
    ],
  },
  Schedule: 'cron(0 2 * * ? *)',
  SchemaChangePolicy: { UpdateBehavior: 'UPDATE_IN_DATABASE', DeleteBehavior: 'LOG' },
  RecrawlPolicy: { RecrawlBehavior: 'CRAWL_EVERYTHING' },
};

/** The crawler as GetCrawler answers it when it is right (role by name, schedule as an object). */
function goodCrawler(overrides: Partial<Crawler> = {}): Crawler {
  return {
    ...EXPECTED_CRAWLER,
    Role: 'cci-lite-glue-role',
    Schedule: { ScheduleExpression: 'cron(0 2 * * ? *)', State: 'SCHEDULED' },
    Configuration: JSON.stringify({
      Version: 1.0,
      CrawlerOutput: { Partitions: { AddOrUpdateBehavior: 'InheritFromTable' } },
      Grouping: { TableGroupingPolicy: 'CombineCompatibleSchemas' },
    }),
    State: 'READY',
    ...overrides,
  } as Crawler;
}

describe('§9 Glue step', () => {
  it('creates the database and the daily crawler over the results bucket without tmp/', async () => {
    mocks.glue.on(GetDatabaseCommand).rejects(awsError('EntityNotFoundException'));
    mocks.glue.on(GetCrawlerCommand).rejects(awsError('EntityNotFoundException'));
    const ctx = deploymentContext();

    const reports = await glueStep.run(clients, ctx);

    expect(mocks.glue.commandCalls(CreateDatabaseCommand)[0]?.args[0].input).toEqual({
      DatabaseInput: { Name: 'cci-lite-db', Description: 'cci-lite call QA results (guide §9)' },
      Tags: TAGS,
    });
    const crawler = mocks.glue.commandCalls(CreateCrawlerCommand)[0]?.args[0].input;
    const { Configuration, ...rest } = crawler ?? {};
    expect(rest).toEqual({ ...EXPECTED_CRAWLER, Tags: TAGS });
    expect(JSON.parse(Configuration ?? '')).toEqual(CONFIGURATION);
    expect(reports.map((r) => [r.type, r.action, r.arn])).toEqual([
      ['Glue database', 'created', DB_ARN],
      ['Glue crawler', 'created', CRAWLER_ARN],
    ]);
    expect(ctx.outputs.get(GLUE_DATABASE)).toBe('cci-lite-db');
    expect(ctx.outputs.get(GLUE_CRAWLER)).toBe('cci-lite-results-crawler');
  });

  it('makes no mutating call when database, crawler and tags are right', async () => {
    mocks.glue.on(GetDatabaseCommand).resolves({ Database: { Name: 'cci-lite-db' } });
    mocks.glue.on(GetCrawlerCommand).resolves({ Crawler: goodCrawler() });
    mocks.glue.on(GetTagsCommand).resolves({ Tags: { ...TAGS, Extra: 'kept' } });

    const reports = await glueStep.run(clients, deploymentContext());

    expect(countCalls(mocks.glue, MUTATIONS)).toBe(0);
    expect(reports.map((r) => r.action)).toEqual(['unchanged', 'unchanged']);
  });

  it('updates a drifted crawler with the full settings and adds missing tags', async () => {
    mocks.glue.on(GetDatabaseCommand).resolves({ Database: { Name: 'cci-lite-db' } });
    mocks.glue.on(GetCrawlerCommand).resolves({
      Crawler: goodCrawler({
        Schedule: { ScheduleExpression: 'cron(0 12 * * ? *)' },
        Targets: { S3Targets: [{ Path: `s3://${NAMES.resultsBucket}/` }] },
        SchemaChangePolicy: { UpdateBehavior: 'LOG', DeleteBehavior: 'DELETE_FROM_DATABASE' },
      }),
    });
    mocks.glue.on(GetTagsCommand, { ResourceArn: DB_ARN }).resolves({ Tags: {} });
    mocks.glue.on(GetTagsCommand, { ResourceArn: CRAWLER_ARN }).resolves({ Tags: TAGS });

    const reports = await glueStep.run(clients, deploymentContext());

    const update = mocks.glue.commandCalls(UpdateCrawlerCommand)[0]?.args[0].input;
    const { Configuration, ...rest } = update ?? {};
    expect(rest).toEqual(EXPECTED_CRAWLER);
    expect(JSON.parse(Configuration ?? '')).toEqual(CONFIGURATION);
    expect(mocks.glue.commandCalls(TagResourceCommand).map((c) => c.args[0].input)).toEqual([
      { ResourceArn: DB_ARN, TagsToAdd: TAGS },
    ]);
    expect(mocks.glue).not.toHaveReceivedCommand(CreateCrawlerCommand);
    expect(reports.map((r) => r.action)).toEqual(['updated', 'updated']);
    expect(reports[1]?.changes).toEqual([
      expect.stringMatching(/^S3 targets: /),
      'schedule: cron(0 12 * * ? *) -> cron(0 2 * * ? *)',
      expect.stringMatching(/^schema change policy: /),
    ]);
  });

  it('plans without mutating on a dry run, with the role ARN it will have', async () => {
    mocks.glue.on(GetDatabaseCommand).rejects(awsError('EntityNotFoundException'));
    mocks.glue.on(GetCrawlerCommand).rejects(awsError('EntityNotFoundException'));

    const reports = await glueStep.run(clients, deploymentContext({ dryRun: true, outputs: {} }));

    expect(countCalls(mocks.glue, MUTATIONS)).toBe(0);
    expect(reports.map((r) => r.action)).toEqual(['create', 'create']);
  });

  it('names the step, the crawler and the AWS error code when AWS fails', async () => {
    mocks.glue.on(GetDatabaseCommand).resolves({ Database: { Name: 'cci-lite-db' } });
    mocks.glue.on(GetTagsCommand).resolves({ Tags: TAGS });
    mocks.glue.on(GetCrawlerCommand).resolves({ Crawler: goodCrawler({ Schedule: undefined }) });
    mocks.glue.on(UpdateCrawlerCommand).rejects(awsError('CrawlerRunningException'));

    await expect(glueStep.run(clients, deploymentContext())).rejects.toMatchObject({
      code: 'PROVISION_FAILED',
      details: {
        step: 'glue',
        resourceType: 'Glue crawler',
        resource: 'cci-lite-results-crawler',
        awsErrorCode: 'CrawlerRunningException',
      },
    });
  });
});
