import { readdir } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { readJsonFile } from '../../io/json-file.js';
import { CciError } from '../../core/errors.js';
import type { CciConfig } from '../../core/config/schema.js';
import { deriveCallId } from '../../core/ids/call-id.js';
import type { LlmClient } from '../../pipeline/ports.js';
import type { Reporter } from '../../ui/reporter.js';
import { bundledPath, loadDefaultTemplate } from '../bundled-files.js';
import { buildDashboard, type BuiltDashboard } from '../dashboard/index.js';
import { OpenAiCompatibleClient } from '../llm/openai-compatible-client.js';
import { runNamedQuery, type QueryResult } from '../query/index.js';
import { reporterLogger } from '../reporter-logger.js';
import { runWorker, uploadCall, type WorkerEvent, type WorkerSummary } from '../runner.js';
import { initWorkspace, openWorkspace, workspacePathsFor, type InitReport } from '../workspace.js';
import type { LocalWorkspace } from '../workspace.js';
import { showResult } from './result-ops.js';
import { addTenant, type AddTenantResult } from './tenant-ops.js';

/** The tenant the Quick start, `validate end-to-end` and the §10 checks are about. */
export const DEMO_TENANT = 'demo-tenant';

/** One PII value said aloud in a sample call (samples/scripts/<id>.json). */
export interface SamplePii {
  type: string;
  value: string;
  /** The value as digits only (phone, card number). */
  digits?: string;
  /** Words that must never appear in any output (surname, street name). */
  leak_terms?: string[];
}

/** A bundled sample call: the audio and the script it was made from. */
export interface SampleCall {
  id: string;
  tenant: string;
  file: string;
  pii: SamplePii[];
  expectedQa: Record<string, boolean>;
}

const SAMPLE_SCRIPTS = 'samples/scripts';
const SAMPLE_CALLS = 'samples/calls';

/** The bundled sample calls, from their scripts (each names its tenant), sorted by id. */
export async function loadSampleCalls(): Promise<SampleCall[]> {
  const dir = bundledPath(SAMPLE_SCRIPTS);
  const names = (await readdir(dir)).filter((n) => n.endsWith('.json')).sort();
  const out: SampleCall[] = [];
  for (const name of names) {
    const script = (await readJsonFile(join(dir, name))) as {
      id?: unknown;
      tenant?: unknown;
      pii?: unknown;
      expected_qa?: unknown;
    };
    if (typeof script.id !== 'string' || typeof script.tenant !== 'string') {
      throw new CciError('SAMPLE_SCRIPT_INVALID', `Sample script ${name} has no id or tenant.`);
    }
    out.push({
      id: script.id,
      tenant: script.tenant,
      file: bundledPath(`${SAMPLE_CALLS}/${script.id}.wav`),
      pii: Array.isArray(script.pii) ? (script.pii as SamplePii[]) : [],
      expectedQa: (script.expected_qa ?? {}) as Record<string, boolean>,
    });
  }
  return out;
}

const DIGIT_WORDS: Readonly<Record<string, string>> = {
  zero: '0',
  oh: '0',
  one: '1',
  two: '2',
  to: '2',
  too: '2',
  three: '3',
  four: '4',
  for: '4',
  five: '5',
  six: '6',
  seven: '7',
  eight: '8',
  nine: '9',
};

/**
 * Where a sample's PII shows in a text, in any form: the value as written, its
 * digits (separators between them ignored), its digits said as words ("four five
 * three nine", with recogniser homophones such as "for" and "to"), and its leak
 * terms (surname, street). Returns a description of each leak found.
 */
export function findPiiLeaks(text: string, pii: readonly SamplePii[]): string[] {
  const lower = text.toLowerCase();
  // Digit runs that may be broken by spaces, dashes or dots, as a number is written or spoken.
  const digitRuns = (lower.match(/\d(?:[\s.-]*\d)*/g) ?? []).map((r) => r.replace(/\D/g, ''));
  const spokenRuns = spokenDigitRuns(lower);
  const leaks: string[] = [];
  for (const p of pii) {
    if (lower.includes(p.value.toLowerCase())) leaks.push(`${p.type} value "${p.value}"`);
    const digits = p.digits;
    if (digits !== undefined && digits.length > 0) {
      if (digitRuns.some((r) => r.includes(digits))) leaks.push(`${p.type} as digits`);
      if (spokenRuns.some((r) => r.includes(digits))) leaks.push(`${p.type} as spoken digits`);
    }
    for (const term of p.leak_terms ?? []) {
      if (new RegExp(`\\b${escapeRegExp(term.toLowerCase())}\\b`).test(lower)) {
        leaks.push(`${p.type} term "${term}"`);
      }
    }
  }
  return leaks;
}

/** Consecutive digit words of a text, each run as a digit string. */
function spokenDigitRuns(lower: string): string[] {
  const runs: string[] = [];
  let current = '';
  for (const word of lower.split(/[^a-z]+/)) {
    const digit = DIGIT_WORDS[word];
    if (digit !== undefined) {
      current += digit;
    } else if (word !== '') {
      if (current.length > 0) runs.push(current);
      current = '';
    }
  }
  if (current.length > 0) runs.push(current);
  return runs;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** An LLM client when the config names an endpoint (as `cci-lite run` does), else none. */
export function configuredLlm(config: CciConfig): LlmClient | undefined {
  return config.llmEndpoint === undefined
    ? undefined
    : new OpenAiCompatibleClient({ endpoint: config.llmEndpoint, model: 'local-model' });
}

/** Worker progress as one stderr line per message step. */
export function workerProgress(reporter: Reporter): (event: WorkerEvent) => void {
  return (event) => {
    const call = event.type === 'idle' ? undefined : (event.call?.callId ?? '(unreadable message)');
    if (event.type === 'received') {
      reporter.info(`${call}: ${event.queue === 'job-init' ? 'transcribing' : 'analysing'} ...`);
    } else if (event.type === 'done') {
      reporter.info(`${call}: ${event.outcome}`);
    } else if (event.type === 'retry') {
      reporter.warn(`${call}: failed, will retry: ${event.reason}`);
    } else if (event.type === 'dead-letter') {
      reporter.warn(`${call}: moved to the dead-letter queue: ${event.reason}`);
    }
  };
}

/** Runs the worker on the workspace until the queues are empty (or the signal aborts). */
export function drainQueues(
  ws: LocalWorkspace,
  config: CciConfig,
  reporter: Reporter,
  signal?: AbortSignal,
): Promise<WorkerSummary> {
  const llm = configuredLlm(config);
  return runWorker(ws, {
    onProgress: workerProgress(reporter),
    logger: reporterLogger(reporter),
    defaultTemplateKey: config.qaTemplateKey,
    ...(signal === undefined ? {} : { signal }),
    ...(llm === undefined ? {} : { llm }),
  });
}

export interface DemoCall {
  sample: string;
  tenantId: string;
  callId: string;
  /** uploaded: queued in this run; skipped: the same key was already processed or queued. */
  upload: 'uploaded' | 'skipped';
  status: string;
  percentage: number | null | undefined;
  passed: boolean | null | undefined;
  failedCriteria: string[];
  reason: string | undefined;
}

export interface DemoReport {
  workspace: InitReport;
  tenants: Array<Pick<AddTenantResult, 'tenantId' | 'action'>>;
  worker: Pick<WorkerSummary, 'processed' | 'failed' | 'deadLettered'>;
  calls: DemoCall[];
  failureRate: { tenant: string } & QueryResult;
  dashboards: BuiltDashboard[];
}

export interface DemoOptions {
  config: CciConfig;
  cwd: string;
  reporter: Reporter;
  dashboards: boolean;
}

/**
 * The Quick start's main job on the local target: init, the samples' tenants,
 * upload the bundled sample calls, run the worker, then the results, the
 * failure-rate query and the dashboards. Safe to run twice: a sample whose key
 * the tenant's ledger already holds (same key, same call id) is not uploaded
 * again, unless it failed.
 */
export async function runDemo(options: DemoOptions): Promise<DemoReport> {
  const { config, cwd, reporter } = options;
  const paths = workspacePathsFor(config, cwd);
  const workspace = await reporter.step('Creating the workspace', () => initWorkspace(paths));
  const samples = await loadSampleCalls();
  const ws = openWorkspace(config, cwd);
  let calls: DemoCall[];
  let tenants: DemoReport['tenants'];
  let worker: WorkerSummary;
  try {
    tenants = await reporter.step('Adding the tenants', () =>
      addSampleTenants(ws, config, samples),
    );
    const uploads = await reporter.step('Uploading the sample calls', () =>
      uploadSamples(ws, samples),
    );
    worker = await reporter.step('Processing the calls', () => drainQueues(ws, config, reporter));
    calls = await collectCalls(ws, samples, uploads);
  } finally {
    ws.close();
  }
  const failureRate = {
    tenant: DEMO_TENANT,
    ...(await reporter.step(`Running failure-rate for ${DEMO_TENANT}`, () =>
      runNamedQuery(paths, 'failure-rate', { tenant: DEMO_TENANT }),
    )),
  };
  const dashboards: BuiltDashboard[] = [];
  if (options.dashboards) {
    for (const tenant of uniqueTenants(samples)) {
      dashboards.push(
        await reporter.step(`Building the dashboard of ${tenant}`, () =>
          buildDashboard(paths, { tenant }),
        ),
      );
    }
  }
  const { processed, failed, deadLettered } = worker;
  return {
    workspace,
    tenants,
    worker: { processed, failed, deadLettered },
    calls,
    failureRate,
    dashboards,
  };
}

function uniqueTenants(samples: readonly SampleCall[]): string[] {
  return [...new Set(samples.map((s) => s.tenant))];
}

async function addSampleTenants(
  ws: LocalWorkspace,
  config: CciConfig,
  samples: readonly SampleCall[],
): Promise<DemoReport['tenants']> {
  const template = await loadDefaultTemplate();
  const out: DemoReport['tenants'] = [];
  for (const tenant of uniqueTenants(samples)) {
    const added = await addTenant(ws.tenants, tenant, { model: config.bedrockModel }, template);
    out.push({ tenantId: added.tenantId, action: added.action });
  }
  return out;
}

async function uploadSamples(
  ws: LocalWorkspace,
  samples: readonly SampleCall[],
): Promise<Map<string, DemoCall['upload']>> {
  const out = new Map<string, DemoCall['upload']>();
  for (const sample of samples) {
    const callId = deriveCallId(sample.tenant, `${sample.tenant}/calls/${basename(sample.file)}`);
    const known = await ws.tenants.getCall(sample.tenant, callId);
    if (known !== undefined && known.status !== 'FAILED') {
      out.set(sample.id, 'skipped');
      continue;
    }
    await uploadCall(ws, sample.file, { tenant: sample.tenant });
    out.set(sample.id, 'uploaded');
  }
  return out;
}

async function collectCalls(
  ws: LocalWorkspace,
  samples: readonly SampleCall[],
  uploads: ReadonlyMap<string, DemoCall['upload']>,
): Promise<DemoCall[]> {
  const out: DemoCall[] = [];
  for (const sample of samples) {
    const callId = deriveCallId(sample.tenant, `${sample.tenant}/calls/${basename(sample.file)}`);
    const record = await ws.tenants.getCall(sample.tenant, callId);
    const base = {
      sample: sample.id,
      tenantId: sample.tenant,
      callId,
      upload: uploads.get(sample.id) ?? 'skipped',
      status: record?.status ?? 'UNKNOWN',
      reason: record?.reason,
    };
    if (record?.resultKey === undefined) {
      out.push({ ...base, percentage: undefined, passed: undefined, failedCriteria: [] });
      continue;
    }
    const { result } = await showResult(ws.tenants, ws.objects, callId, sample.tenant);
    out.push({
      ...base,
      percentage: result.qa_evaluation.percentage,
      passed: result.qa_evaluation.passed,
      failedCriteria: result.qa_evaluation.failed.map((f) => f.id),
    });
  }
  return out;
}
