import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { GetFunctionCommand } from '@aws-sdk/client-lambda';
import { CciError } from '../../core/errors.js';
import { deriveCallId } from '../../core/ids/call-id.js';
import type { UnifiedResult } from '../../core/result/schema.js';
import { validateUnifiedResult } from '../../core/result/validate.js';
import { bundledPath } from '../../local/bundled-files.js';
import { DEMO_TENANT } from '../../local/ops/demo-local.js';
import type { Reporter } from '../../ui/reporter.js';
import { TranscribeTranscriber } from '../adapters/transcribe-transcriber.js';
import type { AwsClients } from '../clients.js';
import { ALARM_NAMES } from '../lambda/deploy/alarms.js';
import { roleArn } from '../provision/reconcile.js';
import { awsErrorCode, isAwsError, type DeploymentContext } from '../provision/step.js';
import { awsTenantStores, resolveKmsKeyArn, type AwsTenantStores } from '../tenant/wiring.js';
import { runCatalogueQuery } from './catalogue-query.js';
import { describeAlarmStates, missingAlarms } from './check-alarms.js';
import { CCI_BUDGET_NAMES, describeCciBudgets } from './check-budgets.js';
import { runCrawler } from './crawler-run.js';
import { waitForStage, type CallStage, type FollowTarget } from './follow-call.js';
import { Deadline, systemClock, type Clock } from './ops-clock.js';
import { refreshHealthy, spiceStatus } from './spice-status.js';

export type CheckResult = 'PASS' | 'FAIL' | 'SKIP';

/** One row of the report: the local target's check, plus SKIP for what this deployment lacks. */
export interface AwsValidationCheck {
  check: string;
  result: CheckResult;
  detail: string;
  ms: number;
}

export interface AwsValidationReport {
  ok: boolean;
  target: 'aws';
  tenant: string;
  callId: string | undefined;
  /** The uploaded audio, and whether it is still there. */
  upload: { uri: string; kept: boolean; note: string } | undefined;
  checks: AwsValidationCheck[];
}

export interface AwsValidateOptions {
  clients: AwsClients;
  ctx: DeploymentContext;
  reporter: Reporter;
  tenant?: string;
  /** The whole run (upload to the last query) must finish within this. */
  timeoutMs: number;
  /** Keep the uploaded audio; by default it is deleted once its result exists. */
  keep: boolean;
  clock?: Clock;
  /** The audio to upload; the bundled good sample call by default. */
  sampleFile?: string;
}

export const SAMPLE_CALL_FILE = 'samples/calls/good-call.wav';
/** Metadata job-init copies into the ledger (agent_id of the result). */
export const VALIDATE_AGENT_ID = 'cci-lite-validate';
const SECTION_10_QUERIES = ['explode-criteria', 'failure-rate'] as const;
const STAGES: ReadonlyArray<{ stage: CallStage; check: string }> = [
  { stage: 'started', check: 'job started' },
  { stage: 'transcribed', check: 'job completed' },
  { stage: 'written', check: 'result written' },
];
/** The checks about the uploaded call, in order: each needs the ones before it. */
const CALL_CHECKS: readonly string[] = [
  'upload the sample call',
  ...STAGES.map((s) => s.check),
  'result valid',
  'qa criteria',
  'PII redacted',
  'tenant tag',
  'crawler run',
  ...SECTION_10_QUERIES.map((q) => `query ${q}`),
];

type Outcome = { result: CheckResult; detail: string };
const pass = (detail: string): Outcome => ({ result: 'PASS', detail });
const fail = (detail: string): Outcome => ({ result: 'FAIL', detail });

/** What the upload and the follow found, for the checks after them. */
interface CallUnderTest extends FollowTarget {
  key: string;
  resultKey?: string;
  callDate?: string;
}

/** A call whose result was written: what the result checks and the queries need. */
interface CompletedCall {
  tenant: string;
  callId: string;
  resultKey: string;
  /** YYYY-MM-DD: the partition the queries read. */
  callDate: string;
}

function completed(call: CallUnderTest): CompletedCall | undefined {
  if (call.resultKey === undefined) return undefined;
  // The ledger's date, else the one in the result's partition path.
  const fromKey = /\/(\d{4})\/(\d{2})\/(\d{2})\/[^/]+$/.exec(call.resultKey);
  const callDate =
    call.callDate ??
    (fromKey === null
      ? call.uploadedAt.toISOString().slice(0, 10)
      : `${fromKey[1]}-${fromKey[2]}-${fromKey[3]}`);
  return { tenant: call.tenant, callId: call.callId, resultKey: call.resultKey, callDate };
}

/**
 * Guide §15 on AWS: checks the tenant and both functions, uploads the sample
 * call under a new key, follows it through job-init, Transcribe and
 * result-handler to its result, checks the result, runs the crawler and the
 * §10 queries, then the dashboard's datasets, the alarms and the budgets. Every
 * check is a row; one that cannot run because an earlier one failed fails too,
 * saying so. Every wait shares one deadline on the injected clock.
 */
export async function validateOnAws(options: AwsValidateOptions): Promise<AwsValidationReport> {
  const { clients, ctx, reporter } = options;
  const clock = options.clock ?? systemClock;
  const tenant = options.tenant ?? DEMO_TENANT;
  const deadline = new Deadline(clock, options.timeoutMs);
  const stores = awsTenantStores(clients, ctx);
  const checks: AwsValidationCheck[] = [];
  const run = async (check: string, work: () => Promise<Outcome>): Promise<boolean> => {
    const started = clock.now().getTime();
    const outcome = await reporter
      .step(check, work)
      .catch((err: unknown): Outcome => fail(describeError(err)));
    checks.push({ check, ...outcome, ms: clock.now().getTime() - started });
    return outcome.result !== 'FAIL';
  };
  const notRun = (names: readonly string[], why: string): void => {
    for (const check of names)
      checks.push({ check, result: 'FAIL', detail: `not run: ${why}`, ms: 0 });
  };

  const tenantOk = await run(`tenant ${tenant} exists`, async () =>
    (await stores.tenants.getTenant(tenant)) === undefined
      ? fail(
          `no TENANT#${tenant} in ${ctx.names.configTable} (add it: cci-lite tenant add ${tenant} --target aws)`,
        )
      : pass(`found in ${ctx.names.configTable}`),
  );
  const functionsOk = await run('functions active', () => functionsOutcome(clients, ctx));

  let call: CallUnderTest | undefined;
  let upload: AwsValidationReport['upload'];
  if (!tenantOk || !functionsOk) {
    notRun(CALL_CHECKS, 'the preflight checks failed');
  } else {
    call = await uploadAndFollow(options, stores, tenant, deadline, run);
    if (call !== undefined) upload = await cleanUp(options, stores, call);
    const done = call === undefined ? undefined : completed(call);
    if (done === undefined) {
      const why = checks.find((c) => CALL_CHECKS.includes(c.check) && c.result === 'FAIL');
      notRun(
        CALL_CHECKS.filter((c) => !checks.some((k) => k.check === c)),
        why === undefined ? 'no result' : `${why.check} failed`,
      );
    } else {
      await resultChecks(stores, done, run);
      await run('crawler run', () => crawlerOutcome(clients, ctx, deadline, reporter));
      for (const name of SECTION_10_QUERIES) {
        await run(`query ${name}`, () => queryOutcome(clients, ctx, name, done, deadline));
      }
    }
  }

  await run('dashboard datasets', async () => {
    const spice = await spiceStatus(clients.quicksight, ctx.accountId);
    if (spice.skipped) return { result: 'SKIP', detail: `${spice.reason}. ${spice.hint}` };
    const bad = spice.dataSets.filter((d) => !refreshHealthy(d));
    const describe = (d: (typeof spice.dataSets)[number]): string =>
      `${d.dataSet} ${d.status}${d.at === undefined ? '' : ` ${d.at}`}${d.error === undefined ? '' : ` (${d.error})`}`;
    return bad.length === 0
      ? pass(spice.dataSets.map(describe).join('; '))
      : fail(bad.map(describe).join('; '));
  });
  await run('alarms quiet', async () => {
    const alarms = await describeAlarmStates(clients.cloudwatch, { names: ALARM_NAMES });
    const missing = missingAlarms(ALARM_NAMES, alarms);
    const firing = alarms.filter((a) => a.state === 'ALARM');
    if (firing.length > 0)
      return fail(firing.map((a) => `${a.name} in ALARM: ${a.reason}`).join('; '));
    if (missing.length > 0) {
      return fail(
        `missing: ${missing.join(', ')} (create them: cci-lite deploy-lambdas --target aws)`,
      );
    }
    return pass(`${alarms.length} alarm(s), none in ALARM`);
  });
  await run('budgets not exceeded', async () => {
    const budgets = await describeCciBudgets(clients.budgets, ctx.accountId);
    const over = budgets.filter((b) => b.exceeded);
    const missing = CCI_BUDGET_NAMES.filter((n) => !budgets.some((b) => b.name === n));
    const spend = (b: (typeof budgets)[number]): string =>
      `${b.name} ${b.actual}/${b.limit} ${b.unit}`;
    if (over.length > 0) return fail(`over the limit: ${over.map(spend).join('; ')}`);
    if (missing.length > 0) {
      return fail(`missing: ${missing.join(', ')} (create them: cci-lite init --target aws)`);
    }
    return pass(budgets.map(spend).join('; '));
  });

  return {
    ok: checks.every((c) => c.result !== 'FAIL'),
    target: 'aws',
    tenant,
    callId: call?.callId,
    upload,
    checks,
  };
}

async function functionsOutcome(clients: AwsClients, ctx: DeploymentContext): Promise<Outcome> {
  const problems: string[] = [];
  for (const name of [ctx.names.jobInitFunction, ctx.names.resultHandlerFunction]) {
    try {
      const c = (await clients.lambda.send(new GetFunctionCommand({ FunctionName: name })))
        .Configuration;
      if (c?.State !== 'Active') problems.push(`${name} is ${c?.State ?? 'in no state'}`);
      else if (c.LastUpdateStatus === 'Failed')
        problems.push(`${name}: last update failed (${c.LastUpdateStatusReason ?? ''})`);
    } catch (err) {
      if (!isAwsError(err, 'ResourceNotFoundException')) throw err;
      problems.push(`${name} does not exist`);
    }
  }
  return problems.length === 0
    ? pass(`${ctx.names.jobInitFunction}, ${ctx.names.resultHandlerFunction} Active`)
    : fail(`${problems.join('; ')} (deploy them: cci-lite deploy-lambdas --target aws)`);
}

async function uploadAndFollow(
  options: AwsValidateOptions,
  stores: AwsTenantStores,
  tenant: string,
  deadline: Deadline,
  run: (check: string, work: () => Promise<Outcome>) => Promise<boolean>,
): Promise<CallUnderTest | undefined> {
  const { clients, ctx, reporter } = options;
  const clock = deadline.clock;
  const file = options.sampleFile ?? bundledPath(SAMPLE_CALL_FILE);
  const uploadedAt = clock.now();
  const key = `${tenant}/calls/validate-${uploadedAt.toISOString().replace(/[:.]/g, '-')}.wav`;
  const call: CallUnderTest = { tenant, key, callId: deriveCallId(tenant, key), uploadedAt };
  const uploaded = await run('upload the sample call', async () => {
    const kmsKeyArn = await resolveKmsKeyArn(clients, ctx, 'validate');
    const objects = awsTenantStores(clients, ctx, kmsKeyArn).objects;
    const body = await readFile(file);
    await objects.put('input', key, body, {
      contentType: 'audio/wav',
      metadata: { 'agent-id': VALIDATE_AGENT_ID },
      tags: { tenant_id: tenant },
    });
    return pass(`${basename(file)} → ${objects.uri('input', key)} (call ${call.callId})`);
  });
  if (!uploaded) return undefined;
  const transcriber = new TranscribeTranscriber(clients.transcribe, {
    buckets: {
      input: ctx.names.inputBucket,
      results: ctx.names.resultsBucket,
      staging: ctx.names.stagingBucket,
    },
    // Only `get` is used here: start's key and role are never sent.
    kmsKeyArn: '',
    dataAccessRoleArn: roleArn(ctx, ctx.names.transcribeRole),
  });
  const deps = {
    tenants: stores.tenants,
    objects: stores.objects,
    transcriber,
    deadline,
    onState: (state: string) => reporter.debug(`${call.callId}: ${state}`),
  };
  for (const { stage, check } of STAGES) {
    const reached = await run(check, async () => {
      const outcome = await waitForStage(deps, call, stage);
      if (!outcome.reached) return fail(outcome.why);
      const p = outcome.progress;
      call.resultKey = p.resultKey;
      call.callDate = p.ledger?.callDate;
      if (stage === 'written') return pass(stores.objects.uri('results', p.resultKey));
      return pass(
        `ledger ${p.ledger?.status ?? 'not yet written'}${p.job === undefined ? '' : `, job ${p.job.status} (${p.job.kind})`}`,
      );
    });
    if (!reached) return { ...call, resultKey: undefined };
  }
  return call;
}

async function resultChecks(
  stores: AwsTenantStores,
  call: CompletedCall,
  run: (check: string, work: () => Promise<Outcome>) => Promise<boolean>,
): Promise<void> {
  let r: UnifiedResult | undefined;
  await run('result valid', async () => {
    const body = await stores.objects.get('results', call.resultKey);
    if (body === undefined) return fail(`${call.resultKey} disappeared`);
    const parsed: unknown = JSON.parse(Buffer.from(body).toString('utf8'));
    const valid = validateUnifiedResult(parsed);
    r = valid;
    return pass(`schema ${valid.schema_version}, template ${valid.qa_template_version}`);
  });
  const result = r;
  if (result === undefined) {
    for (const check of ['qa criteria', 'PII redacted']) {
      await run(check, async () => fail('not run: no valid result'));
    }
  } else {
    await run('qa criteria', async () => {
      const n = result.qa_evaluation.criteria.length;
      const detail = `${n} criteria, ${result.qa_evaluation.percentage ?? '-'} %`;
      return n > 0 ? pass(detail) : fail(detail);
    });
    await run('PII redacted', async () =>
      result.source.pii_redacted
        ? pass('source.pii_redacted = true')
        : fail('source.pii_redacted = false'),
    );
  }
  await run('tenant tag', async () => {
    const tags = await stores.objects.getTags('results', call.resultKey);
    const value = tags?.tenant_id;
    return value === call.tenant
      ? pass(`tenant_id=${value}`)
      : fail(
          value === undefined ? 'no tenant_id tag' : `tenant_id=${value}, expected ${call.tenant}`,
        );
  });
}

async function crawlerOutcome(
  clients: AwsClients,
  ctx: DeploymentContext,
  deadline: Deadline,
  reporter: Reporter,
): Promise<Outcome> {
  const name = ctx.names.crawler;
  const out = await runCrawler(clients.glue, name, deadline, (s) =>
    reporter.debug(`${name}: ${s}`),
  );
  const last = out.status.lastCrawl;
  const how = out.started ? 'started' : 'was already running';
  if (out.timedOut) return fail(`${name} ${how}; still ${out.status.state} at the time limit`);
  if (last?.status !== 'SUCCEEDED') {
    return fail(
      `${name} last crawl ${last?.status ?? 'unknown'}${last?.error === undefined ? '' : `: ${last.error}`}`,
    );
  }
  return pass(
    `${name} ${how}; last crawl SUCCEEDED${last.startedAt === undefined ? '' : ` (${last.startedAt})`}`,
  );
}

async function queryOutcome(
  clients: AwsClients,
  ctx: DeploymentContext,
  name: string,
  call: CompletedCall,
  deadline: Deadline,
): Promise<Outcome> {
  if (deadline.passed()) return fail('not run: the time limit was reached');
  // Only the call's date partition: cheap, and enough to find this call.
  const q = await runCatalogueQuery(
    clients.athena,
    ctx,
    name,
    { tenant: call.tenant, from: call.callDate, to: call.callDate },
    { clock: deadline.clock, timeoutMs: deadline.remainingMs() },
  );
  const detail = `${q.rows.length} row(s) for ${call.callDate} (query ${q.queryExecutionId})`;
  if (q.rows.length === 0) return fail(detail);
  if (q.columns.includes('call_id') && !q.rows.some((r) => r.call_id === call.callId)) {
    return fail(`${detail}, none for ${call.callId}`);
  }
  return pass(detail);
}

/** The audio is test data: deleted once its result exists, unless --keep. Results stay (they are data). */
async function cleanUp(
  options: AwsValidateOptions,
  stores: AwsTenantStores,
  call: CallUnderTest,
): Promise<AwsValidationReport['upload']> {
  const uri = stores.objects.uri('input', call.key);
  if (options.keep) return { uri, kept: true, note: 'kept (--keep)' };
  if (call.resultKey === undefined) {
    return { uri, kept: true, note: 'kept for diagnosis: the call did not complete' };
  }
  try {
    await stores.objects.delete('input', call.key);
    return { uri, kept: false, note: 'deleted; its result stays in the results bucket' };
  } catch (err) {
    return { uri, kept: true, note: `could not delete: ${describeError(err)}` };
  }
}

function describeError(err: unknown): string {
  if (err instanceof CciError) return `${err.code}: ${err.message}`;
  if (err instanceof Error) return `${awsErrorCode(err)}: ${err.message}`;
  return String(err);
}
