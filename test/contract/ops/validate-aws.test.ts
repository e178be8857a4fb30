import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { GetQueryExecutionCommand, StartQueryExecutionCommand } from '@aws-sdk/client-athena';
import { DescribeAlarmsCommand } from '@aws-sdk/client-cloudwatch';
import { GetCrawlerCommand, StartCrawlerCommand } from '@aws-sdk/client-glue';
import { GetFunctionCommand } from '@aws-sdk/client-lambda';
import { ListIngestionsCommand } from '@aws-sdk/client-quicksight';
import {
  DeleteObjectCommand,
  GetObjectCommand,
  GetObjectTaggingCommand,
  HeadObjectCommand,
  PutObjectCommand,
} from '@aws-sdk/client-s3';
import { GetCallAnalyticsJobCommand } from '@aws-sdk/client-transcribe';
import { athenaExecutionParameters, getNamedQuery } from '../../../src/analytics/index.js';
import { ALARM_NAMES } from '../../../src/aws/lambda/deploy/alarms.js';
import type { AwsValidationReport } from '../../../src/aws/ops/validate-aws.js';
import type { CommandContext } from '../../../src/commands/command.js';
import { createValidateEndToEndCommand } from '../../../src/commands/validate/end-to-end.js';
import { CciError } from '../../../src/core/errors.js';
import { ConfigSchema } from '../../../src/core/config/schema.js';
import { mockAws } from '../../helpers/aws-mocks.js';
import { runCliCaptured } from '../../helpers/capture-io.js';
import { FakeReporter } from '../../helpers/fake-reporter.js';
import {
  CALL_ID,
  bodyOf,
  KEY_ARN,
  NAMES,
  QUICKSIGHT_DATASETS,
  RESULT_KEY,
  T0,
  TENANT,
  UPLOAD_KEY,
  driveFakeTimers,
  installValidateRun,
  simulatedClock,
} from './ops-fixture.js';

const aws = mockAws();
let cwd: string;
beforeEach(async () => {
  aws.reset();
  cwd = await mkdtemp(join(tmpdir(), 'cci-validate-aws-'));
});
afterEach(async () => {
  vi.useRealTimers();
  await rm(cwd, { recursive: true, force: true });
});
afterAll(() => aws.restore());

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

/** Runs the command on simulated time; returns the report and the error it ended with. */
async function validate(options: Record<string, unknown> = {}) {
  const clock = simulatedClock();
  const { ctx, reporter } = context();
  const error = await createValidateEndToEndCommand({ clock })
    .run(ctx, [], options)
    .then(() => undefined)
    .catch((e: unknown) => e as CciError);
  const result = reporter.events.find((e) => e.kind === 'result');
  return {
    clock,
    reporter,
    error,
    report: result?.data as AwsValidationReport,
    text: result?.text ?? '',
  };
}

function row(report: AwsValidationReport, check: string) {
  return report.checks.find((c) => c.check === check);
}

describe('validate end-to-end --target aws', () => {
  it('plays a whole run: every check passes, the audio is removed, exit 0', async () => {
    installValidateRun(aws.mocks);

    const { report, error, text, clock } = await validate();

    expect(error).toBeUndefined();
    expect(report.checks.map((c) => [c.check, c.result])).toEqual([
      [`tenant ${TENANT} exists`, 'PASS'],
      ['functions active', 'PASS'],
      ['upload the sample call', 'PASS'],
      ['job started', 'PASS'],
      ['job completed', 'PASS'],
      ['result written', 'PASS'],
      ['result valid', 'PASS'],
      ['qa criteria', 'PASS'],
      ['PII redacted', 'PASS'],
      ['tenant tag', 'PASS'],
      ['crawler run', 'PASS'],
      ['query explode-criteria', 'PASS'],
      ['query failure-rate', 'PASS'],
      ['dashboard datasets', 'PASS'],
      ['alarms quiet', 'PASS'],
      ['budgets not exceeded', 'PASS'],
    ]);
    expect(report).toMatchObject({ ok: true, target: 'aws', tenant: TENANT, callId: CALL_ID });
    expect(text).toContain('✔ all 16 checks passed');
    expect(text).toMatch(/check\s+│ result │ detail/);

    // The upload: SSE-KMS with the deployment key, agent id metadata, tenant tag.
    const put = aws.mocks.s3.commandCalls(PutObjectCommand)[0]?.args[0].input;
    expect(put).toMatchObject({
      Bucket: NAMES.inputBucket,
      Key: UPLOAD_KEY,
      ContentType: 'audio/wav',
      Metadata: { 'agent-id': 'cci-lite-validate' },
      ServerSideEncryption: 'aws:kms',
      SSEKMSKeyId: KEY_ARN,
      Tagging: 'tenant_id=demo-tenant',
    });
    expect((put?.Body as Uint8Array).byteLength).toBeGreaterThan(1000);
    expect(aws.mocks.lambda.commandCalls(GetFunctionCommand).map((c) => c.args[0].input)).toEqual([
      { FunctionName: 'cci-lite-job-init' },
      { FunctionName: 'cci-lite-result-handler' },
    ]);

    // Followed over simulated polls: the job, then the result after 3 NotFound answers.
    expect(aws.mocks.transcribe.commandCalls(GetCallAnalyticsJobCommand)[0]?.args[0].input).toEqual(
      {
        CallAnalyticsJobName: CALL_ID,
      },
    );
    const heads = aws.mocks.s3.commandCalls(HeadObjectCommand).map((c) => c.args[0].input);
    expect(heads).toHaveLength(4);
    expect(heads[0]).toEqual({ Bucket: NAMES.resultsBucket, Key: RESULT_KEY });
    expect(row(report, 'result written')?.detail).toBe(`s3://${NAMES.resultsBucket}/${RESULT_KEY}`);
    expect(row(report, 'qa criteria')?.detail).toMatch(/^5 criteria/);
    expect(aws.mocks.s3.commandCalls(GetObjectTaggingCommand)[0]?.args[0].input).toEqual({
      Bucket: NAMES.resultsBucket,
      Key: RESULT_KEY,
    });

    // Crawler RUNNING → STOPPING → READY.
    expect(aws.mocks.glue.commandCalls(StartCrawlerCommand)[0]?.args[0].input).toEqual({
      Name: NAMES.crawler,
    });
    expect(aws.mocks.glue.commandCalls(GetCrawlerCommand)).toHaveLength(3);
    expect(row(report, 'crawler run')?.detail).toContain('last crawl SUCCEEDED');

    // The §10 queries in the tenant's workgroup, on the call's date partition.
    const starts = aws.mocks.athena
      .commandCalls(StartQueryExecutionCommand)
      .map((c) => c.args[0].input);
    const explode = getNamedQuery('explode-criteria');
    expect(starts[0]).toEqual({
      QueryString: explode.athena.sql,
      WorkGroup: `tenant-${TENANT}`,
      QueryExecutionContext: { Database: NAMES.glueDatabase },
      ExecutionParameters: athenaExecutionParameters(explode, {
        tenant: TENANT,
        from: '2026-11-26',
        to: '2026-11-26',
      }),
    });
    expect(starts[1]?.QueryString).toBe(getNamedQuery('failure-rate').athena.sql);
    expect(aws.mocks.athena.commandCalls(GetQueryExecutionCommand)).toHaveLength(6);
    expect(row(report, 'query explode-criteria')?.detail).toMatch(/^3 row\(s\) for 2026-11-26/);

    expect(
      aws.mocks.quicksight
        .commandCalls(ListIngestionsCommand)
        .map((c) => c.args[0].input.DataSetId),
    ).toEqual(QUICKSIGHT_DATASETS);
    expect(aws.mocks.cloudwatch.commandCalls(DescribeAlarmsCommand)[0]?.args[0].input).toEqual({
      AlarmNames: [...ALARM_NAMES],
      AlarmTypes: ['MetricAlarm'],
    });

    // Results are data: only the uploaded audio is removed.
    expect(aws.mocks.s3.commandCalls(DeleteObjectCommand).map((c) => c.args[0].input)).toEqual([
      { Bucket: NAMES.inputBucket, Key: UPLOAD_KEY },
    ]);
    expect(report.upload).toMatchObject({ kept: false });
    // Simulated time passed; real time did not.
    expect(clock.sleeps.length).toBeGreaterThan(5);
  });

  it('--keep leaves the uploaded audio in place', async () => {
    installValidateRun(aws.mocks);

    const { report } = await validate({ keep: true });

    expect(report.ok).toBe(true);
    expect(aws.mocks.s3.commandCalls(DeleteObjectCommand)).toHaveLength(0);
    expect(report.upload).toMatchObject({ kept: true, note: 'kept (--keep)' });
  });

  it('a result that never appears fails at the time limit, with the reason, and exit 1', async () => {
    installValidateRun(aws.mocks, { headNotFound: Infinity });

    const { report, error, clock } = await validate({ timeout: 120 });

    expect(error).toBeInstanceOf(CciError);
    expect(error?.code).toBe('E2E_VALIDATION_FAILED');
    expect(error?.exitCode).not.toBe(0);
    expect(report.ok).toBe(false);
    expect(row(report, 'job completed')?.result).toBe('PASS');
    expect(row(report, 'result written')).toMatchObject({
      result: 'FAIL',
      detail: 'timed out after 120 s (ledger COMPLETED)',
    });
    expect(clock.elapsedMs()).toBe(120_000);
    expect(row(report, 'result valid')?.detail).toBe('not run: result written failed');
    expect(row(report, 'query failure-rate')?.result).toBe('FAIL');
    // Checks that need no call still run.
    expect(row(report, 'alarms quiet')?.result).toBe('PASS');
    // Kept for diagnosis.
    expect(aws.mocks.s3.commandCalls(DeleteObjectCommand)).toHaveLength(0);
    expect(aws.mocks.glue.commandCalls(StartCrawlerCommand)).toHaveLength(0);
  });

  it("a failed call shows the ledger's reason", async () => {
    const reason = 'UNSUPPORTED_AUDIO: 8 kHz is below what Call Analytics accepts';
    installValidateRun(aws.mocks, { failWith: reason });

    const { report, error } = await validate();

    expect(error?.code).toBe('E2E_VALIDATION_FAILED');
    expect(row(report, 'job started')?.result).toBe('PASS');
    expect(row(report, 'job completed')).toMatchObject({
      result: 'FAIL',
      detail: `call FAILED: ${reason}`,
    });
    expect(row(report, 'result written')?.detail).toBe('not run: job completed failed');
  });

  it('a result that breaks the schema fails "result valid"; the later checks say why', async () => {
    installValidateRun(aws.mocks);
    aws.mocks.s3
      .on(GetObjectCommand, { Bucket: NAMES.resultsBucket, Key: RESULT_KEY })
      .resolves({ Body: bodyOf('{"tenant_id":"demo-tenant"}') });

    const { report, error } = await validate();

    expect(error?.code).toBe('E2E_VALIDATION_FAILED');
    expect(row(report, 'result valid')?.result).toBe('FAIL');
    expect(row(report, 'result valid')?.detail).toMatch(/^INVALID_RESULT: /);
    expect(row(report, 'qa criteria')?.detail).toBe('not run: no valid result');
    // The crawler and queries do not need the parsed result.
    expect(row(report, 'query explode-criteria')?.result).toBe('PASS');
  });

  it('an alarm in ALARM fails its check (and the run)', async () => {
    installValidateRun(aws.mocks, { alarmInAlarm: 'cci-lite-dlq-depth' });

    const { report, error } = await validate();

    expect(error?.code).toBe('E2E_VALIDATION_FAILED');
    expect(row(report, 'alarms quiet')).toMatchObject({
      result: 'FAIL',
      detail: 'cci-lite-dlq-depth in ALARM: Threshold Crossed: 1 datapoint [3.0] > 0',
    });
    expect(report.checks.filter((c) => c.result === 'FAIL')).toHaveLength(1);
  });

  it('QuickSight not subscribed is skipped with a hint, not failed: exit 0', async () => {
    installValidateRun(aws.mocks, { quicksight: 'not-subscribed' });

    const { report, error, text } = await validate();

    expect(error).toBeUndefined();
    expect(report.ok).toBe(true);
    expect(row(report, 'dashboard datasets')?.result).toBe('SKIP');
    expect(row(report, 'dashboard datasets')?.detail).toContain('Subscribe to QuickSight');
    expect(text).toContain('✔ 15 checks passed, 1 skipped');
    expect(text).toMatch(/dashboard datasets\s+│ SKIP/);
  });

  it('a missing tenant fails the preflight: nothing is uploaded', async () => {
    installValidateRun(aws.mocks);

    const { report } = await validate({ tenant: 'acme' });

    expect(row(report, 'tenant acme exists')).toMatchObject({ result: 'FAIL' });
    expect(row(report, 'tenant acme exists')?.detail).toContain(
      'cci-lite tenant add acme --target aws',
    );
    expect(row(report, 'upload the sample call')?.detail).toBe(
      'not run: the preflight checks failed',
    );
    expect(aws.mocks.s3.commandCalls(PutObjectCommand)).toHaveLength(0);
  });

  it('runs in-process through the CLI on simulated timers: table on stdout, exit 0', async () => {
    installValidateRun(aws.mocks);
    await writeFile(join(cwd, 'cci-lite.config.json'), JSON.stringify({ target: 'aws' }));
    const out = await driveFakeTimers(T0, () =>
      runCliCaptured(['validate', 'end-to-end'], { cwd }),
    );

    expect(out.stderr).toContain('result written ...');
    expect(out.stdout).toContain('✔ all 16 checks passed');
    expect(out.code).toBe(0);
  });

  it('--json on failure: one JSON document carrying the report, exit 1', async () => {
    installValidateRun(aws.mocks, { alarmInAlarm: 'cci-lite-job-init-errors' });
    await writeFile(join(cwd, 'cci-lite.config.json'), JSON.stringify({ target: 'aws' }));
    const out = await driveFakeTimers(T0, () =>
      runCliCaptured(['validate', 'end-to-end', '--json'], { cwd }),
    );

    expect(out.code).toBe(1);
    const doc = JSON.parse(out.stdout) as {
      ok: boolean;
      error: { code: string; details: AwsValidationReport };
    };
    expect(doc.ok).toBe(false);
    expect(doc.error.code).toBe('E2E_VALIDATION_FAILED');
    expect(doc.error.details.checks.find((c) => c.check === 'alarms quiet')?.result).toBe('FAIL');
  });
});
