import { snsEnvelope, transcribeStateChangeEvent } from '../../../src/pipeline/events.js';
import type {
  StartTranscriptionRequest,
  TextAnalysis,
  Transcriber,
  TranscriptionJob,
  TranscriptionKind,
} from '../../../src/pipeline/ports.js';
import type { EvaluateCall } from '../../../src/pipeline/result-handler.js';
import { QUEUES, LOCAL_TOPIC_ARN } from '../../../src/local/queues.js';
import type { LocalWorkspace } from '../../../src/local/workspace.js';
import { callAnalyticsOutput } from '../pipeline/fakes.js';

/**
 * A transcriber standing in for pocketsphinx: it writes a redacted transcript in
 * the Call Analytics shape and announces completion the way LocalTranscriber
 * does, so the runner's queues and the pipeline are exercised end to end.
 */
export class ScriptedTranscriber implements Transcriber {
  readonly starts: string[] = [];
  private readonly jobs = new Map<string, TranscriptionJob>();
  constructor(private readonly ws: LocalWorkspace) {}
  async start(request: StartTranscriptionRequest): Promise<'started' | 'exists'> {
    if (this.jobs.has(request.jobName)) return 'exists';
    this.starts.push(request.jobName);
    const key = `${request.outputPrefix}${request.jobName}.json`;
    await this.ws.objects.put(
      'results',
      key,
      callAnalyticsOutput(request.jobName, [
        ['AGENT', 'thank you for calling'],
        ['CUSTOMER', 'hello'],
      ]),
    );
    this.jobs.set(request.jobName, {
      jobName: request.jobName,
      kind: request.kind,
      status: 'COMPLETED',
      transcript: { bucket: 'results', key },
    });
    const now = new Date();
    const event = transcribeStateChangeEvent(
      { jobName: request.jobName, kind: request.kind, status: 'COMPLETED' },
      now,
    );
    this.ws.queue.send(QUEUES.analysis, JSON.stringify(snsEnvelope(LOCAL_TOPIC_ARN, event, now)));
    return 'started';
  }
  async get(jobName: string, _kind: TranscriptionKind): Promise<TranscriptionJob | undefined> {
    return this.jobs.get(jobName);
  }
}

export const analysis: TextAnalysis = {
  sentiment: { ResultList: [], overall: 'NEUTRAL', by_role: {} },
  keyPhrases: { ResultList: [] },
  entities: { ResultList: [] },
};

export const passAll: EvaluateCall = async ({ template }) => ({
  verdicts: template.criteria.map((c) => ({ id: c.id, status: 'passed', reason: 'ok' })),
  evidence: {},
  summary: {
    issue: '',
    resolution: '',
    outcome: '',
    action_items: [],
    tone_score: null,
    sentiment_summary: '',
    generated_by: 'none',
  },
  evaluator: { kind: 'rules' },
});
