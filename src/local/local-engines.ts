import { snsEnvelope, transcribeStateChangeEvent } from '../pipeline/events.js';
import type { Clock, TextAnalyzer, Transcriber } from '../pipeline/ports.js';
import type { EvaluateCall } from '../pipeline/result-handler.js';
import { LOCAL_TOPIC_ARN, QUEUES } from './queues.js';
import type { LocalWorkspace } from './workspace.js';

export interface LocalEngines {
  transcriber: Transcriber;
  analyzer: TextAnalyzer;
  evaluate: EvaluateCall;
}

/**
 * The local engines behind the ports. The transcriber's completion goes where
 * Transcribe's would: wrapped in an EventBridge event, in an SNS envelope, on
 * the analysis queue (EventBridge → SNS → SQS on AWS). The engines are loaded
 * on first use, so commands that do not process calls never load the NLP model.
 */
export async function localEngines(
  ws: LocalWorkspace,
  clock: Clock,
  overrides: Partial<LocalEngines>,
): Promise<LocalEngines> {
  if (overrides.transcriber === undefined) {
    // Fail fast, before any message is taken: a missing pocketsphinx must leave the
    // calls queued (to run once it is installed), not dead-letter each one of them.
    await (await import('./speech/dependencies.js')).findSpeechTools({});
  }
  const transcriber =
    overrides.transcriber ??
    new (await import('./speech/local-transcriber.js')).LocalTranscriber({
      objects: ws.objects,
      jobsDir: ws.paths.jobs,
      onStateChange: async (change) => {
        const now = clock.now();
        const event = transcribeStateChangeEvent(change, now);
        ws.queue.send(QUEUES.analysis, JSON.stringify(snsEnvelope(LOCAL_TOPIC_ARN, event, now)));
      },
    });
  return {
    transcriber,
    analyzer:
      overrides.analyzer ?? new (await import('./nlp/wink-text-analyzer.js')).WinkTextAnalyzer(),
    evaluate: overrides.evaluate ?? (await import('../pipeline/qa-evaluator.js')).evaluateCall,
  };
}
