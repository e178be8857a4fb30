import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeEach, afterEach, describe, expect, it, vi } from 'vitest';
import { StartQueryExecutionCommand } from '@aws-sdk/client-athena';
import { DescribeAlarmsCommand } from '@aws-sdk/client-cloudwatch';
import { GetCrawlerCommand } from '@aws-sdk/client-glue';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { GetQueueAttributesCommand, ReceiveMessageCommand } from '@aws-sdk/client-sqs';
import { athenaExecutionParameters, getNamedQuery, toCsv } from '../../../src/analytics/index.js';
import { leaderboardStart, type AwsRunbookReport } from '../../../src/aws/ops/runbook-aws.js';
import type { CommandContext } from '../../../src/commands/command.js';
import { createRunbookDailyCommand } from '../../../src/commands/runbook/daily.js';
import { ConfigSchema } from '../../../src/core/config/schema.js';
import { mockAws } from '../../helpers/aws-mocks.js';
import { runCliCaptured } from '../../helpers/capture-io.js';
import { FakeReporter } from '../../helpers/fake-reporter.js';
import {
  KEY_ARN,
  NAMES,
  TENANT,
  TENANT_META,
  installAccount,
  installAlarms,
  installBudgets,
  installDlq,
  installQueries,
  installQuickSight,
  driveFakeTimers,
  simulatedClock,
  T0,
} from './ops-fixture.js';

const aws = mockAws();
let cwd: string;
beforeEach(async () => {
  aws.reset();
  cwd = await mkdtemp(join(tmpdir(), 'cci-runbook-aws-'));
});
afterEach(async () => {
  vi.useRealTimers();
  await rm(cwd, { recursive: true, force: true });
});
afterAll(() => aws.restore());

const ACME_META = { ...TENANT_META, pk: 'TENANT#acme', name: 'acme' };
const LEADERBOARD_COLUMNS = getNamedQuery('weekly-failure-leaderboard').columns.slice();
const EXPLODE_COLUMNS = ['tenant_id', 'call_id', 'call_date', 'criterion_id', 'passed'];

function installRunbook(options: { alarmInAlarm?: string; transcribeActual?: string } = {}): void {
  installAccount(aws.mocks, [TENANT_META, ACME_META]);
  installAlarms(aws.mocks, options.alarmInAlarm);
  installBudgets(aws.mocks, options.transcribeActual);
  aws.mocks.glue.on(GetCrawlerCommand).resolves({
    Crawler: {
      Name: NAMES.crawler,
      State: 'READY',
      LastCrawl: { Status: 'SUCCEEDED', StartTime: new Date('2026-11-26T02:00:00Z') },
    },
  });
  installQuickSight(aws.mocks, 'ok');
  installDlq(aws.mocks, [
    'UNSUPPORTED_AUDIO: 3 channels',
    'BEDROCK_FAILED: throttled',
    'UNSUPPORTED_AUDIO: 3 channels',
  ]);
  installQueries(aws.mocks, {
    'explode-criteria': {
      columns: EXPLODE_COLUMNS,
      pages: [
        [EXPLODE_COLUMNS, ['t', 'c1', '2026-11-25', 'greet_01', 'true']],
        [
          ['t', 'c1', '2026-11-25', 'empathy_02', 'false'],
          ['t', 'c2', '2026-11-26', 'greet_01', null],
        ],
      ],
    },
    'weekly-failure-leaderboard': {
      columns: LEADERBOARD_COLUMNS,
      pages: [
        [
          LEADERBOARD_COLUMNS,
          [
            '2026-11-23',
            '2026-W48',
            '1',
            'empathy_02',
            'Did the agent, "kindly", help?',
            '4',
            '9',
            '0.44',
          ],
          ['2026-11-23', '2026-W48', '2', 'greet_01', 'Greeting?', '1', '9', '0.11'],
        ],
      ],
    },
  });
}

function context(): { ctx: CommandContext; reporter: FakeReporter } {
  const reporter = new FakeReporter();
  const ctx: CommandContext = {
    globals: { json: false, yes: false, dryRun: false, verbose: false },
    reporter,
    cwd,
    interactive: false,
    loadConfig: () =>
      Promise.resolve({ config: ConfigSchema.parse({ target: 'aws' }), path: undefined }),
  };
  return { ctx, reporter };
}

describe('runbook daily --target aws', () => {
  it('reports alarms, budgets, crawler, SPICE, DLQ and per-tenant queries; exports the CSVs', async () => {
    installRunbook({ alarmInAlarm: 'cci-lite-bedrock-latency', transcribeActual: '170' });
    const { ctx, reporter } = context();

    await createRunbookDailyCommand({ clock: simulatedClock() }).run(ctx, [], { rows: 2 });

    const result = reporter.events.find((e) => e.kind === 'result');
    const report = result?.data as AwsRunbookReport;
    expect(report.target).toBe('aws');
    expect(report.date).toBe('2026-11-26');
    expect(report.alarms.map((a) => [a.name, a.state])).toContainEqual([
      'cci-lite-bedrock-latency',
      'ALARM',
    ]);
    expect(aws.mocks.cloudwatch.commandCalls(DescribeAlarmsCommand)[0]?.args[0].input).toEqual({
      AlarmNamePrefix: 'cci-lite',
      AlarmTypes: ['MetricAlarm'],
    });
    // Only the project's budgets.
    expect(report.budgets.map((b) => [b.name, b.actual, b.limit, b.percent])).toEqual([
      ['cci-lite-bedrock-monthly', 3.2, 100, 3.2],
      ['cci-lite-lambda-monthly', 0.4, 25, 1.6],
      ['cci-lite-transcribe-monthly', 170, 200, 85],
    ]);
    expect(report.crawler).toEqual({
      name: NAMES.crawler,
      state: 'READY',
      lastCrawl: { status: 'SUCCEEDED', startedAt: '2026-11-26T02:00:00.000Z', error: undefined },
    });
    expect(aws.mocks.glue.commandCalls(GetCrawlerCommand)).toHaveLength(1);
    expect(report.spice).toMatchObject({ skipped: false });
    if (!report.spice.skipped) {
      // The newest finished ingestion decides, not the older failure.
      expect(report.spice.dataSets.map((d) => [d.status, d.at, d.rows])).toEqual([
        ['COMPLETED', '2026-11-26T03:00:00.000Z', 42],
        ['COMPLETED', '2026-11-26T03:00:00.000Z', 42],
        ['COMPLETED', '2026-11-26T03:00:00.000Z', 42],
      ]);
    }
    expect(report.deadLetters).toEqual({
      depth: 3,
      peeked: 3,
      reasons: [
        { reason: 'UNSUPPORTED_AUDIO: 3 channels', count: 2 },
        { reason: 'BEDROCK_FAILED: throttled', count: 1 },
      ],
    });
    expect(aws.mocks.sqs.commandCalls(GetQueueAttributesCommand)[0]?.args[0].input).toMatchObject({
      AttributeNames: ['ApproximateNumberOfMessages'],
    });
    expect(aws.mocks.sqs.commandCalls(ReceiveMessageCommand)[0]?.args[0].input).toMatchObject({
      MaxNumberOfMessages: 10,
      MessageAttributeNames: ['All'],
      VisibilityTimeout: 0,
    });

    // Per tenant: explode over the last day, leaderboard over 4 ISO weeks.
    expect(report.tenants.map((t) => t.tenant)).toEqual(['acme', TENANT]);
    const demo = report.tenants.find((t) => t.tenant === TENANT);
    expect(demo?.explode).toEqual({
      from: '2026-11-25',
      to: '2026-11-26',
      rows: 3,
      sample: [
        {
          tenant_id: 't',
          call_id: 'c1',
          call_date: '2026-11-25',
          criterion_id: 'greet_01',
          passed: 'true',
        },
        {
          tenant_id: 't',
          call_id: 'c1',
          call_date: '2026-11-25',
          criterion_id: 'empathy_02',
          passed: 'false',
        },
      ],
    });
    const starts = aws.mocks.athena
      .commandCalls(StartQueryExecutionCommand)
      .map((c) => c.args[0].input);
    const board = getNamedQuery('weekly-failure-leaderboard');
    expect(starts).toContainEqual({
      QueryString: board.athena.sql,
      WorkGroup: `tenant-${TENANT}`,
      QueryExecutionContext: { Database: NAMES.glueDatabase },
      ExecutionParameters: athenaExecutionParameters(board, {
        tenant: TENANT,
        from: '2026-11-02',
        to: '2026-11-26',
      }),
    });

    // The CSV, locally and in the results bucket (SSE-KMS, tenant tag).
    const csvFile = join(cwd, 'reports', `${TENANT}-weekly-failure-leaderboard-2026-11-26.csv`);
    expect(demo?.leaderboard).toMatchObject({ rows: 2, csv: csvFile });
    const csv = await readFile(csvFile, 'utf8');
    expect(csv.split('\r\n')[0]).toBe(LEADERBOARD_COLUMNS.join(','));
    expect(csv).toContain('"Did the agent, ""kindly"", help?"');
    const put = aws.mocks.s3
      .commandCalls(PutObjectCommand)
      .map((c) => c.args[0].input)
      .find((i) => i.Key === `reports/${TENANT}/weekly-failure-leaderboard-2026-11-26.csv`);
    expect(put).toMatchObject({
      Bucket: NAMES.resultsBucket,
      ContentType: 'text/csv; charset=utf-8',
      ServerSideEncryption: 'aws:kms',
      SSEKMSKeyId: KEY_ARN,
      Tagging: `tenant_id=${TENANT}`,
    });
    expect(Buffer.from(put?.Body as Uint8Array).toString('utf8')).toBe(csv);
    expect(demo?.leaderboard.s3Uri).toBe(
      `s3://${NAMES.resultsBucket}/reports/${TENANT}/weekly-failure-leaderboard-2026-11-26.csv`,
    );

    // Attention: warnings, not failures.
    expect(report.attention).toEqual([
      expect.stringMatching(/^alarm cci-lite-bedrock-latency is in ALARM/),
      'budget cci-lite-transcribe-monthly at 85 % (170 of 200 USD)',
      expect.stringMatching(/^3 message\(s\) in the dead-letter queue/),
    ]);
    expect(reporter.texts('warn')).toEqual(report.attention);
    expect(result?.text).toContain('Dead-letter queue: 3 message(s)');
    expect(result?.text).toMatch(/UNSUPPORTED_AUDIO: 3 channels\s+│ 2/);
    expect(result?.text).toContain('explode-criteria (2026-11-25 to 2026-11-26): 3 row(s)');
    expect(result?.text).toContain('attention:');
  });

  it('the CSV body is exactly the catalogue CSV of the leaderboard rows', async () => {
    installRunbook();
    const { ctx } = context();

    await createRunbookDailyCommand({ clock: simulatedClock() }).run(ctx, [], {
      tenant: 'acme',
      outDir: 'exports',
    });

    const csv = await readFile(
      join(cwd, 'exports', 'acme-weekly-failure-leaderboard-2026-11-26.csv'),
      'utf8',
    );
    const rows = [
      [
        '2026-11-23',
        '2026-W48',
        '1',
        'empathy_02',
        'Did the agent, "kindly", help?',
        '4',
        '9',
        '0.44',
      ],
      ['2026-11-23', '2026-W48', '2', 'greet_01', 'Greeting?', '1', '9', '0.11'],
    ].map((r) => Object.fromEntries(LEADERBOARD_COLUMNS.map((c, i) => [c, r[i]])));
    expect(csv).toBe(toCsv(LEADERBOARD_COLUMNS, rows));
    // --tenant: only that tenant's queries.
    const workgroups = aws.mocks.athena
      .commandCalls(StartQueryExecutionCommand)
      .map((c) => c.args[0].input.WorkGroup);
    expect(new Set(workgroups)).toEqual(new Set(['tenant-acme']));
  });

  it('QuickSight missing: the SPICE section is skipped, not an error', async () => {
    installRunbook();
    aws.mocks.quicksight.reset();
    installQuickSight(aws.mocks, 'not-subscribed');
    const { ctx, reporter } = context();

    await createRunbookDailyCommand({ clock: simulatedClock() }).run(ctx, [], {});

    const report = reporter.events.find((e) => e.kind === 'result')?.data as AwsRunbookReport;
    expect(report.spice).toMatchObject({ skipped: true });
    expect(report.attention).toHaveLength(1); // only the dead letters
  });

  it('leaderboardStart is the Monday three ISO weeks back', () => {
    expect(leaderboardStart(new Date('2026-11-26T10:00:00Z'))).toBe('2026-11-02'); // Thursday
    expect(leaderboardStart(new Date('2026-11-23T00:00:00Z'))).toBe('2026-11-02'); // Monday
    expect(leaderboardStart(new Date('2026-11-29T23:59:59Z'))).toBe('2026-11-02'); // Sunday
  });

  it('runs in-process through the CLI: report on stdout, exit 0 despite attention items', async () => {
    installRunbook();
    await writeFile(join(cwd, 'cci-lite.config.json'), JSON.stringify({ target: 'aws' }));

    const out = await driveFakeTimers(T0, () =>
      runCliCaptured(['runbook', 'daily', '--tenant', TENANT, '--json'], { cwd }),
    );

    expect(out.code).toBe(0);
    const report = JSON.parse(out.stdout) as AwsRunbookReport;
    expect(report.tenants.map((t) => t.tenant)).toEqual([TENANT]);
    expect(report.attention.length).toBeGreaterThan(0);
    expect(out.stderr).toContain('warning: 3 message(s) in the dead-letter queue');
  });
});
