import { existsSync } from 'node:fs';
import type { CciConfig } from '../../core/config/schema.js';
import { toCciError } from '../../core/errors.js';
import { validateUnifiedResult } from '../../core/result/validate.js';
import {
  fail,
  ok,
  skip,
  type DoctorCheckSpec,
  type DoctorOutcome,
  type DoctorReport,
} from '../../ops/doctor/check.js';
import { dlqOutcome } from '../../ops/doctor/dlq-reasons.js';
import { PING_MAX_TOKENS, PING_PROMPT } from '../../ops/doctor/ping-prompt.js';
import { runDoctorChecks, selectChecks } from '../../ops/doctor/run-checks.js';
import { checkTenantTemplates } from '../../ops/doctor/tenant-templates.js';
import { validationSummary } from '../../ops/doctor/validation-summary.js';
import { OpenAiCompatibleClient } from '../llm/openai-compatible-client.js';
import { findSpeechTools, type SpeechTools } from '../speech/dependencies.js';
import { openWorkspace, workspacePathsFor, type LocalWorkspace } from '../workspace.js';
import type { WorkspacePaths } from '../workspace-paths.js';
import { listDeadLetters } from './dlq-ops.js';

export interface LocalDoctorContext {
  config: CciConfig;
  paths: WorkspacePaths;
  /** Undefined when there is no workspace yet (`cci-lite init` not run). */
  ws: LocalWorkspace | undefined;
  tenant?: string;
  findTools: () => Promise<SpeechTools>;
  fetch?: typeof fetch;
}

/** `<tenant>/YYYY/MM/DD/<call_id>.json`: results, not `tmp/` transcripts, Parquet or reports. */
const RESULT_KEY = /^[^/]+\/\d{4}\/\d{2}\/\d{2}\/[^/]+\.json$/;
/** The model name `cci-lite run` sends by default; servers with one model ignore it. */
const LLM_PROBE_MODEL = 'local-model';
/** A probe that takes longer than this will not serve a queue of calls either. */
const LLM_PROBE_TIMEOUT_MS = 60_000;
const SHOWN_KEYS = 3;

const NO_WORKSPACE = 'no workspace (see the workspace check)';

/** Runs `work` on the workspace, or skips when there is none (the workspace row says why). */
function withWs(
  work: (ws: LocalWorkspace, ctx: LocalDoctorContext) => Promise<DoctorOutcome>,
): (ctx: LocalDoctorContext) => Promise<DoctorOutcome> {
  return async (ctx) => (ctx.ws === undefined ? skip(NO_WORKSPACE) : work(ctx.ws, ctx));
}

const workspaceCheck: DoctorCheckSpec<LocalDoctorContext> = {
  id: 'workspace',
  title: 'Workspace exists (cci-lite init)',
  async run({ ws, paths }) {
    if (ws !== undefined) return ok(`workspace at ${paths.root}`);
    return fail(`no workspace at ${paths.root}`, 'Create it with `cci-lite init`.');
  },
};

const speechToolsCheck: DoctorCheckSpec<LocalDoctorContext> = {
  id: 'speech-tools',
  title: 'pocketsphinx and sox installed',
  async run({ findTools }) {
    // A missing tool throws MISSING_DEPENDENCY with the install command as its hint.
    const tools = await findTools();
    return ok(`pocketsphinx ${tools.pocketsphinx}, sox ${tools.sox}, model ${tools.model.hmm}`);
  },
};

const templatesCheck: DoctorCheckSpec<LocalDoctorContext> = {
  id: 'qa-templates',
  title: "Each tenant's active QA template item (guide §16)",
  run: withWs((ws, { config, tenant }) =>
    checkTenantTemplates(ws.configStore, config.qaTemplateKey, tenant),
  ),
};

const llmEndpointCheck: DoctorCheckSpec<LocalDoctorContext> = {
  id: 'llm-endpoint',
  title: 'LLM endpoint answers (when configured)',
  async run({ config, fetch: doFetch }) {
    if (config.llmEndpoint === undefined) {
      return skip(
        'no llmEndpoint configured: criteria without evidence rules get no LLM verdict',
        'Optional: set "llmEndpoint" (e.g. http://127.0.0.1:8080/v1) in cci-lite.config.json, or pass --llm-endpoint to cci-lite run.',
      );
    }
    const client = new OpenAiCompatibleClient({
      endpoint: config.llmEndpoint,
      model: LLM_PROBE_MODEL,
      maxAttempts: 1,
      timeoutMs: LLM_PROBE_TIMEOUT_MS,
      maxTokens: PING_MAX_TOKENS,
      ...(doFetch === undefined ? {} : { fetch: doFetch }),
    });
    // A failure throws the client's own error (unreachable, rejected, timeout) with its hint.
    const answer = await client.complete(PING_PROMPT);
    return ok(`${config.llmEndpoint} answered (${answer.kind})`);
  },
};

const dlqCheck: DoctorCheckSpec<LocalDoctorContext> = {
  id: 'dlq',
  title: 'Dead-letter queue depth and top reasons',
  run: withWs(async (ws, { tenant }) => {
    const letters = listDeadLetters(ws.queue).filter(
      (d) => tenant === undefined || d.tenantId === tenant,
    );
    return dlqOutcome(
      letters.length,
      letters.map((d) => d.reason),
    );
  }),
};

const resultsCheck: DoctorCheckSpec<LocalDoctorContext> = {
  id: 'results',
  title: 'Stored results match the result schema',
  run: withWs(async (ws, { tenant }) => {
    const invalid: Array<{ key: string; why: string }> = [];
    let total = 0;
    for await (const object of ws.objects.list(
      'results',
      tenant === undefined ? '' : `${tenant}/`,
    )) {
      if (!RESULT_KEY.test(object.key)) continue;
      total += 1;
      const why = await resultProblem(ws, object.key);
      if (why !== undefined) invalid.push({ key: object.key, why });
    }
    if (invalid.length === 0) {
      return ok(total === 0 ? 'no results yet' : `all ${total} result(s) valid`);
    }
    const shown = invalid
      .slice(0, SHOWN_KEYS)
      .map((i) => `${i.key} (${i.why})`)
      .join('; ');
    return fail(
      `${invalid.length} of ${total} result(s) fail the result schema: ${shown}`,
      'Results are validated before every write, so these were edited or written by another version: ' +
        'move them out of the results bucket, and upload the calls again (`cci-lite calls upload`) to reprocess them.',
    );
  }),
};

async function resultProblem(ws: LocalWorkspace, key: string): Promise<string | undefined> {
  const body = await ws.objects.get('results', key);
  if (body === undefined) return undefined; // deleted while scanning
  try {
    validateUnifiedResult(JSON.parse(Buffer.from(body).toString('utf8')) as unknown);
    return undefined;
  } catch (err) {
    return err instanceof SyntaxError ? 'not JSON' : validationSummary(err);
  }
}

/** The checks of the local target, in the order they run and print. */
export const LOCAL_DOCTOR_CHECKS: readonly DoctorCheckSpec<LocalDoctorContext>[] = [
  workspaceCheck,
  speechToolsCheck,
  templatesCheck,
  llmEndpointCheck,
  dlqCheck,
  resultsCheck,
];

export interface LocalDoctorOptions {
  config: CciConfig;
  cwd: string;
  tenant?: string;
  only?: readonly string[];
  step?: <T>(title: string, work: () => Promise<T>) => Promise<T>;
  /** Injected in tests. */
  findTools?: () => Promise<SpeechTools>;
  fetch?: typeof fetch;
}

/** `cci-lite doctor` on the local target; the workspace is opened when it exists, and closed after. */
export async function runLocalDoctor(options: LocalDoctorOptions): Promise<DoctorReport> {
  selectChecks(LOCAL_DOCTOR_CHECKS, options.only);
  const paths = workspacePathsFor(options.config, options.cwd);
  const exists = existsSync(paths.configDb) && existsSync(paths.queueDb);
  const ws = exists ? openWorkspace(options.config, options.cwd) : undefined;
  const ctx: LocalDoctorContext = {
    config: options.config,
    paths,
    ws,
    findTools: options.findTools ?? (() => findSpeechTools({})),
    ...(options.tenant === undefined ? {} : { tenant: options.tenant }),
    ...(options.fetch === undefined ? {} : { fetch: options.fetch }),
  };
  try {
    return await runDoctorChecks('local', LOCAL_DOCTOR_CHECKS, ctx, {
      only: options.only,
      errorCode: (err) => toCciError(err).code,
      step: options.step,
    });
  } finally {
    ws?.close();
  }
}
