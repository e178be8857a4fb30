import {
  GetFunctionEventInvokeConfigCommand,
  PutFunctionEventInvokeConfigCommand,
  type LambdaClient,
} from '@aws-sdk/client-lambda';
import { change, observedFrom, readOrMissing } from '../../provision/reconcile.js';
import type { Observed, StepRecorder } from '../../provision/step.js';

/** Retries and on-failure destination of a function invoked asynchronously. */
export interface AsyncInvokeSpec {
  functionName: string;
  functionArn: string;
  retryAttempts: number;
  maxEventAgeSeconds: number;
  /** Events that still fail after the retries, or grow too old, go here (the SQS DLQ). */
  onFailure: string;
}

const CONFIG = 'Lambda async invoke config';

/**
 * EventBridge invokes job-init asynchronously: Lambda's own retries and the
 * on-failure destination decide what happens to an event the function fails
 * on (EventBridge's DLQ only covers events it could not hand to Lambda).
 * PutFunctionEventInvokeConfig replaces the whole config, so creating and
 * reconciling are the same call.
 */
export async function ensureAsyncInvokeConfig(
  lambda: LambdaClient,
  recorder: StepRecorder,
  spec: AsyncInvokeSpec,
): Promise<void> {
  const resource = { type: CONFIG, name: spec.functionName, arn: spec.functionArn };
  const current = await readOrMissing(
    recorder,
    resource,
    () => lambda.send(new GetFunctionEventInvokeConfigCommand({ FunctionName: spec.functionName })),
    'ResourceNotFoundException',
  );
  let observed: Observed = { state: 'missing' };
  if (current !== undefined) {
    const changes: string[] = [];
    if (current.MaximumRetryAttempts !== spec.retryAttempts) {
      changes.push(change('retry attempts', current.MaximumRetryAttempts, spec.retryAttempts));
    }
    if (current.MaximumEventAgeInSeconds !== spec.maxEventAgeSeconds) {
      changes.push(
        change('max event age', current.MaximumEventAgeInSeconds, spec.maxEventAgeSeconds),
      );
    }
    const onFailure = current.DestinationConfig?.OnFailure?.Destination;
    if (onFailure !== spec.onFailure) {
      changes.push(change('on-failure destination', onFailure, spec.onFailure));
    }
    observed = observedFrom(changes);
  }
  await recorder.ensure(resource, observed, async () => {
    await lambda.send(
      new PutFunctionEventInvokeConfigCommand({
        FunctionName: spec.functionName,
        MaximumRetryAttempts: spec.retryAttempts,
        MaximumEventAgeInSeconds: spec.maxEventAgeSeconds,
        DestinationConfig: { OnFailure: { Destination: spec.onFailure } },
      }),
    );
  });
}
