import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { buildUnifiedResult, type UnifiedResult } from '../../src/core/result/index.js';
import { scoreEvaluation, type CriterionStatus } from '../../src/core/scoring/score.js';
import { callDateFrom, deriveCallId, resultKey } from '../../src/core/ids/index.js';
import type { QaTemplate } from '../../src/core/qa-template/schema.js';
import type { Sentiment } from '../../src/core/transcript/model.js';
import { loadDefaultTemplate } from './templates.js';

/**
 * Unified-result fixtures in the results bucket layout
 * (`<results>/<tenant>/YYYY/MM/DD/<call_id>.json`), built with the real
 * `scoreEvaluation` + `buildUnifiedResult`, so every file validates against the
 * result schema. `writeFixtureResult` writes one hand-specified call;
 * `generateResults` writes many deterministic pseudo-random ones, streaming
 * (bounded concurrency, no document kept) so it also feeds the 100 000-result
 * benchmark.
 */

export interface FixtureCallSpec {
  tenantId: string;
  /** Names the call within its tenant (the call id derives from it). */
  name: string;
  /** YYYY-MM-DD */
  callDate: string;
  agentId?: string;
  queue?: string;
  /** Status per criterion id; criteria left out are not evaluated. */
  outcomes: Readonly<Record<string, CriterionStatus>>;
  toneScore?: number | null;
  sentiment?: Sentiment;
  /** Default: 09:00 UTC on the call date. */
  processedAt?: Date;
}

/** What a test needs to compute its expectations by hand. */
export interface FixtureCall {
  tenantId: string;
  callId: string;
  callDate: string;
  processedAt: string;
  agentId: string | null;
  toneScore: number | null;
  sentiment: Sentiment;
  percentage: number | null;
  passed: boolean | null;
  criteria: Array<{
    id: string;
    question: string;
    status: CriterionStatus;
    passed: boolean | null;
  }>;
  file: string;
}

export function buildFixtureResult(
  spec: FixtureCallSpec,
  template: QaTemplate = defaultTemplate(),
): UnifiedResult {
  const callId = deriveCallId(spec.tenantId, `${spec.tenantId}/calls/${spec.name}.wav`);
  const verdicts = Object.entries(spec.outcomes)
    .filter(([, status]) => status !== 'not_evaluated')
    .map(([id, status]) => ({ id, status, reason: `Fixture: ${status}.` }));
  const score = scoreEvaluation(template, verdicts);
  const sentiment = spec.sentiment ?? 'NEUTRAL';
  const metadata: { agent_id?: string; queue?: string } = {};
  if (spec.agentId !== undefined) metadata.agent_id = spec.agentId;
  if (spec.queue !== undefined) metadata.queue = spec.queue;
  return buildUnifiedResult({
    tenantId: spec.tenantId,
    callId,
    callDate: spec.callDate,
    processedAt: spec.processedAt ?? new Date(`${spec.callDate}T09:00:00Z`),
    template,
    score,
    sentiment: {
      ResultList: [{ Index: 0, Sentiment: sentiment }],
      overall: sentiment,
      by_role: { CUSTOMER: sentiment },
    },
    keyPhrases: { ResultList: [{ Index: 0, KeyPhrases: [{ Text: 'order number' }] }] },
    entities: { ResultList: [{ Index: 0, Entities: [] }] },
    summary: {
      issue: 'Fixture call',
      resolution: 'None',
      outcome: 'Resolved',
      action_items: [],
      tone_score: spec.toneScore === undefined ? 60 : spec.toneScore,
      sentiment_summary: `Mostly ${sentiment.toLowerCase()}`,
      generated_by: 'extractive',
    },
    source: {
      transcribe_job: callId,
      pii_redacted: true,
      engine: 'local-pocketsphinx',
      object_key: `${spec.tenantId}/calls/${spec.name}.wav`,
      diarized: true,
      duration_ms: 60_000,
    },
    evaluator: { kind: 'rules' },
    metadata,
    timingsMs: { total: 1 },
  });
}

/** The file a result belongs in, under the results bucket directory. */
export function fixtureResultPath(resultsDir: string, result: UnifiedResult): string {
  return join(
    resultsDir,
    resultKey(result.tenant_id, result.call_id, callDateFrom(`${result.call_date}T00:00:00Z`)),
  );
}

export async function writeFixtureResult(
  resultsDir: string,
  spec: FixtureCallSpec,
  template?: QaTemplate,
): Promise<FixtureCall> {
  const result = buildFixtureResult(spec, template);
  const file = fixtureResultPath(resultsDir, result);
  await mkdir(dirname(file), { recursive: true });
  await writeFile(file, `${JSON.stringify(result, null, 2)}\n`);
  return describe(result, file);
}

export interface GenerateResultsOptions {
  /** The results bucket directory (`workspacePaths(...).buckets.results`). */
  resultsDir: string;
  tenants: readonly string[];
  /** Calls per tenant. */
  calls: number;
  seed?: number;
  /** Agents per tenant (`agent-01`, ...); default 4. */
  agents?: number;
  /** First call date (YYYY-MM-DD); default 2025-11-03, a Monday. */
  startDate?: string;
  /** Calls spread over this many days from startDate; default 14. */
  days?: number;
  template?: QaTemplate;
  /** Share of calls without an agent id; default 0. */
  unassignedShare?: number;
  /** Chance that a non-required criterion is not evaluated; default 0.1. */
  notEvaluatedShare?: number;
  /** processed_at of each call; default 09:00 UTC on its date plus a few minutes. */
  processedAt?: (callDate: string, index: number) => Date;
  /** Keep a FixtureCall per call for expectations (default true; benchmarks turn it off). */
  keepCalls?: boolean;
  /** Pretty-printed (default) or one-line JSON. */
  pretty?: boolean;
  concurrency?: number;
}

export interface GeneratedResults {
  files: number;
  calls: FixtureCall[];
}

const DAY_MS = 86_400_000;

export async function generateResults(options: GenerateResultsOptions): Promise<GeneratedResults> {
  const template = options.template ?? defaultTemplate();
  const writer = new BoundedWriter(options.concurrency ?? 64, options.pretty ?? true);
  const calls: FixtureCall[] = [];
  for (const tenantId of options.tenants) {
    const random = mulberry32(mix(options.seed ?? 1, tenantId));
    for (let i = 0; i < options.calls; i += 1) {
      const spec = randomSpec(tenantId, i, random, template, options);
      const result = buildFixtureResult(spec, template);
      const file = fixtureResultPath(options.resultsDir, result);
      await writer.write(file, result);
      if (options.keepCalls ?? true) calls.push(describe(result, file));
    }
  }
  await writer.drain();
  return { files: writer.count, calls };
}

function randomSpec(
  tenantId: string,
  index: number,
  random: () => number,
  template: QaTemplate,
  options: GenerateResultsOptions,
): FixtureCallSpec {
  const agents = options.agents ?? 4;
  const days = options.days ?? 14;
  const start = Date.parse(`${options.startDate ?? '2025-11-03'}T00:00:00Z`);
  const callDate = new Date(start + Math.floor(random() * days) * DAY_MS)
    .toISOString()
    .slice(0, 10);
  const agentIndex = Math.floor(random() * agents);
  const unassigned = random() < (options.unassignedShare ?? 0);
  // Agents differ in skill so the heatmap has structure: -0.15 .. +0.15.
  const skill = agents > 1 ? (agentIndex / (agents - 1) - 0.5) * 0.3 : 0;
  const outcomes: Record<string, CriterionStatus> = {};
  template.criteria.forEach((c, k) => {
    const skipped = !c.required && random() < (options.notEvaluatedShare ?? 0.1);
    const p = Math.min(0.98, Math.max(0.05, (BASE_PASS[k % BASE_PASS.length] ?? 0.7) + skill));
    outcomes[c.id] = skipped ? 'not_evaluated' : random() < p ? 'passed' : 'failed';
  });
  const tone = random() < 0.05 ? null : Math.round(35 + random() * 60);
  const sentimentDraw = random();
  return {
    tenantId,
    name: `call-${String(index).padStart(6, '0')}`,
    callDate,
    ...(unassigned ? {} : { agentId: `agent-${String(agentIndex + 1).padStart(2, '0')}` }),
    queue: index % 2 === 0 ? 'billing' : 'support',
    outcomes,
    toneScore: tone,
    sentiment: sentimentFor(tone, sentimentDraw),
    processedAt:
      options.processedAt?.(callDate, index) ??
      new Date(Date.parse(`${callDate}T09:00:00Z`) + (index % 600) * 60_000),
  };
}

/** Base pass chance per criterion position (greeting is easy, compliance is not). */
const BASE_PASS = [0.9, 0.6, 0.8, 0.7, 0.5];

function sentimentFor(tone: number | null, draw: number): Sentiment {
  if (tone === null) return 'NEUTRAL';
  if (tone >= 75) return 'POSITIVE';
  if (tone < 45) return 'NEGATIVE';
  return draw < 0.25 ? 'MIXED' : 'NEUTRAL';
}

function describe(result: UnifiedResult, file: string): FixtureCall {
  return {
    tenantId: result.tenant_id,
    callId: result.call_id,
    callDate: result.call_date,
    processedAt: result.processed_at,
    agentId: result.metadata.agent_id ?? null,
    toneScore: result.ai_summary.tone_score,
    sentiment: result.sentiment.overall,
    percentage: result.qa_evaluation.percentage,
    passed: result.qa_evaluation.passed,
    criteria: result.qa_evaluation.criteria.map((c) => ({
      id: c.id,
      question: c.question,
      status: c.status,
      passed: c.passed,
    })),
    file,
  };
}

/** Writes files with at most `limit` in flight, creating each directory once. */
class BoundedWriter {
  count = 0;
  private readonly inFlight = new Set<Promise<void>>();
  private readonly dirs = new Map<string, Promise<unknown>>();

  constructor(
    private readonly limit: number,
    private readonly pretty: boolean,
  ) {}

  async write(file: string, result: UnifiedResult): Promise<void> {
    while (this.inFlight.size >= this.limit) await Promise.race(this.inFlight);
    const text = this.pretty
      ? `${JSON.stringify(result, null, 2)}\n`
      : `${JSON.stringify(result)}\n`;
    const job = this.ensureDir(dirname(file))
      .then(() => writeFile(file, text))
      .then(() => {
        this.count += 1;
      });
    const tracked = job.finally(() => this.inFlight.delete(tracked));
    this.inFlight.add(tracked);
  }

  async drain(): Promise<void> {
    await Promise.all(this.inFlight);
  }

  private ensureDir(dir: string): Promise<unknown> {
    let made = this.dirs.get(dir);
    if (made === undefined) {
      made = mkdir(dir, { recursive: true });
      this.dirs.set(dir, made);
    }
    return made;
  }
}

let cachedTemplate: QaTemplate | undefined;
function defaultTemplate(): QaTemplate {
  cachedTemplate ??= loadDefaultTemplate();
  return cachedTemplate;
}

/** A small, fast, seedable PRNG (mulberry32): same seed, same fixtures. */
function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/** Seed per tenant, so adding a tenant leaves the others' fixtures unchanged. */
function mix(seed: number, text: string): number {
  let h = (seed ^ 0x9e3779b9) >>> 0;
  for (let i = 0; i < text.length; i += 1) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193) >>> 0;
  return h;
}
