import { existsSync } from 'node:fs';
import { copyFile, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CciConfig } from '../../core/config/schema.js';
import { CciError } from '../../core/errors.js';
import type { UnifiedResult } from '../../core/result/schema.js';
import { validateUnifiedResult } from '../../core/result/validate.js';
import type { Reporter } from '../../ui/reporter.js';
import { loadDefaultTemplate } from '../bundled-files.js';
import { buildDashboard } from '../dashboard/index.js';
import { runNamedQuery } from '../query/index.js';
import { uploadCall, type UploadedCall } from '../runner.js';
import { initWorkspace, openWorkspace, workspacePathsFor } from '../workspace.js';
import type { LocalWorkspace } from '../workspace.js';
import {
  DEMO_TENANT,
  drainQueues,
  findPiiLeaks,
  loadSampleCalls,
  type SampleCall,
} from './demo-local.js';
import { countDeadLetters, listDeadLetters } from './dlq-ops.js';
import { addTenant } from './tenant-ops.js';

export interface ValidationCheck {
  check: string;
  result: 'PASS' | 'FAIL';
  detail: string;
  ms: number;
}

export interface ValidationReport {
  ok: boolean;
  tenant: string;
  callId: string | undefined;
  checks: ValidationCheck[];
}

export interface ValidateOptions {
  config: CciConfig;
  cwd: string;
  reporter: Reporter;
  /** How long the worker may take to produce the call's result. */
  timeoutMs: number;
  now?: Date;
}

/** The good sample (every criterion passes): the one validate uploads. */
const GOOD_SAMPLE = 'good-call';
const SECTION_10_QUERIES = ['explode-criteria', 'failure-rate'] as const;

/** A check's outcome before it is timed: pass or fail, and what was seen. */
type Outcome = { pass: boolean; detail: string };

/** Thrown by a check to fail with a detail (not a crash of the validation itself). */
class CheckFailed extends Error {}

/**
 * Guide §15 on the local target: uploads the good sample call for demo-tenant
 * under a new key, runs the worker until its result exists, and checks the
 * result, the §10 queries, the dashboard, the dead-letter queue and that none
 * of the sample's PII reached the call's files. Every check is a row; a check
 * that cannot run because an earlier one failed fails too, saying so.
 */
export async function validateEndToEnd(options: ValidateOptions): Promise<ValidationReport> {
  const { config, cwd, reporter } = options;
  const paths = workspacePathsFor(config, cwd);
  const checks: ValidationCheck[] = [];
  const run = async (check: string, work: () => Promise<Outcome>): Promise<boolean> => {
    const started = Date.now();
    const outcome = await reporter
      .step(check, work)
      .catch((err: unknown): Outcome => ({ pass: false, detail: describeError(err) }));
    checks.push({
      check,
      result: outcome.pass ? 'PASS' : 'FAIL',
      detail: outcome.detail,
      ms: Date.now() - started,
    });
    return outcome.pass;
  };
  const skip = (check: string, why: string): void => {
    checks.push({ check, result: 'FAIL', detail: `not run: ${why}`, ms: 0 });
  };

  await run('workspace exists', async () => {
    const existed = existsSync(paths.configDb) && existsSync(paths.queueDb);
    const report = await initWorkspace(paths);
    return {
      pass: true,
      detail: existed
        ? `found ${paths.root}`
        : `created ${paths.root} (${report.created.length} item(s))`,
    };
  });
  const sample = (await loadSampleCalls()).find((s) => s.id === GOOD_SAMPLE);
  if (sample === undefined) throw new CciError('SAMPLE_MISSING', `No bundled ${GOOD_SAMPLE}.`);

  const ws = openWorkspace(config, cwd);
  let callId: string | undefined;
  let result: UnifiedResult | undefined;
  try {
    await run(`tenant ${DEMO_TENANT} exists`, async () => {
      const added = await addTenant(
        ws.tenants,
        DEMO_TENANT,
        { model: config.bedrockModel },
        await loadDefaultTemplate(),
      );
      return { pass: true, detail: added.action === 'created' ? 'added (was missing)' : 'found' };
    });
    const key = `validate-${(options.now ?? new Date()).toISOString().replace(/[:.]/g, '-')}.wav`;
    await run('upload the sample call', async () => {
      const up = await uploadUnderName(ws, sample.file, key);
      callId = up.callId;
      return { pass: true, detail: `${up.key} → ${up.callId}` };
    });
    if (callId === undefined) skip('result written', 'the upload failed');
    else result = await waitForResult(ws, options, callId, run);
  } finally {
    ws.close();
  }

  if (result === undefined) {
    for (const c of ['result valid', 'qa criteria', 'PII redacted']) skip(c, 'no result');
  } else {
    const r = result;
    await run('result valid', async () => {
      validateUnifiedResult(r);
      return {
        pass: true,
        detail: `schema ${r.schema_version}, template ${r.qa_template_version}`,
      };
    });
    await run('qa criteria', async () => ({
      pass: r.qa_evaluation.criteria.length > 0,
      detail: `${r.qa_evaluation.criteria.length} criteria, ${r.qa_evaluation.percentage ?? '-'} %`,
    }));
    await run('PII redacted', async () => ({
      pass: r.source.pii_redacted,
      detail: `source.pii_redacted = ${r.source.pii_redacted}`,
    }));
  }
  for (const name of SECTION_10_QUERIES) {
    await run(`query ${name}`, async () => {
      const q = await runNamedQuery(paths, name, { tenant: DEMO_TENANT });
      return { pass: q.rows.length > 0, detail: `${q.rows.length} row(s)` };
    });
  }
  await run('dashboard', async () => {
    const built = await buildDashboard(paths, { tenant: DEMO_TENANT });
    return { pass: built.rows > 0, detail: `${built.rows} call(s) in ${built.file}` };
  });
  await run('dead-letter queue', async () => dlqOutcome(config, cwd, callId));
  if (callId === undefined) skip('no PII in output', 'no call');
  else {
    const id = callId;
    await run('no PII in output', () => piiOutcome(config, cwd, id, sample));
  }
  return { ok: checks.every((c) => c.result === 'PASS'), tenant: DEMO_TENANT, callId, checks };
}

/** Uploads a copy of the file under a new name, so each validation is a new call. */
async function uploadUnderName(
  ws: LocalWorkspace,
  file: string,
  name: string,
): Promise<UploadedCall> {
  const dir = await mkdtemp(join(tmpdir(), 'cci-validate-'));
  try {
    const copy = join(dir, name);
    await copyFile(file, copy);
    return await uploadCall(ws, copy, { tenant: DEMO_TENANT });
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

async function waitForResult(
  ws: LocalWorkspace,
  options: ValidateOptions,
  callId: string,
  run: (check: string, work: () => Promise<Outcome>) => Promise<boolean>,
): Promise<UnifiedResult | undefined> {
  let result: UnifiedResult | undefined;
  await run('result written', async () => {
    const signal = AbortSignal.timeout(options.timeoutMs);
    await drainQueues(ws, options.config, options.reporter, signal);
    const record = await ws.tenants.getCall(DEMO_TENANT, callId);
    if (record?.resultKey === undefined) {
      const why = signal.aborted ? `timed out after ${options.timeoutMs / 1000} s` : 'no result';
      throw new CheckFailed(
        `${why} (status ${record?.status ?? 'unknown'}${record?.reason ? `: ${record.reason}` : ''})`,
      );
    }
    const body = await ws.objects.get('results', record.resultKey);
    if (body === undefined) throw new CheckFailed(`${record.resultKey} is missing`);
    result = JSON.parse(Buffer.from(body).toString('utf8')) as UnifiedResult;
    return { pass: true, detail: record.resultKey };
  });
  return result;
}

async function dlqOutcome(
  config: CciConfig,
  cwd: string,
  callId: string | undefined,
): Promise<Outcome> {
  const ws = openWorkspace(config, cwd);
  try {
    const total = countDeadLetters(ws.queue, {});
    const mine = listDeadLetters(ws.queue).filter((d) => d.callId === callId);
    return {
      pass: mine.length === 0,
      detail:
        mine.length === 0
          ? `none for this call; total depth ${total}`
          : `${mine.length} for this call (${mine[0]?.reason ?? ''}); total depth ${total}`,
    };
  } finally {
    ws.close();
  }
}

/** The call's result and transcript files hold none of the sample script's PII. */
async function piiOutcome(
  config: CciConfig,
  cwd: string,
  callId: string,
  sample: SampleCall,
): Promise<Outcome> {
  const ws = openWorkspace(config, cwd);
  try {
    const files: string[] = [];
    const leaks: string[] = [];
    for (const prefix of [`${DEMO_TENANT}/`, `tmp/${DEMO_TENANT}/`]) {
      for await (const info of ws.objects.list('results', prefix)) {
        if (!info.key.includes(callId)) continue;
        const body = await ws.objects.get('results', info.key);
        if (body === undefined) continue;
        files.push(info.key);
        for (const leak of findPiiLeaks(Buffer.from(body).toString('utf8'), sample.pii)) {
          leaks.push(`${info.key}: ${leak}`);
        }
      }
    }
    if (files.length === 0) return { pass: false, detail: 'no result or transcript file found' };
    return {
      pass: leaks.length === 0,
      detail: leaks.length === 0 ? `${files.length} file(s) clean` : leaks.join('; '),
    };
  } finally {
    ws.close();
  }
}

function describeError(err: unknown): string {
  if (err instanceof CheckFailed) return err.message;
  if (err instanceof CciError) return `${err.code}: ${err.message}`;
  return err instanceof Error ? err.message : String(err);
}
