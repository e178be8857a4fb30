import {
  CreateEventSourceMappingCommand,
  ListEventSourceMappingsCommand,
  ListTagsCommand,
  TagResourceCommand,
  UpdateEventSourceMappingCommand,
  type EventSourceMappingConfiguration,
  type LambdaClient,
} from '@aws-sdk/client-lambda';
import { tagsToRecord, type Tag } from '../../../core/config/tags.js';
import { collectPages } from '../../provision/policies/paginate.js';
import {
  change,
  observedFrom,
  readOrMissing,
  tagChanges,
  tagsToApply,
} from '../../provision/reconcile.js';
import type { StepRecorder } from '../../provision/step.js';

/** An SQS queue feeding one function in batches. */
export interface QueueMappingSpec {
  functionName: string;
  queueName: string;
  queueArn: string;
  batchSize: number;
  batchingWindowSeconds: number;
  /** Pollers Lambda may run for this queue; at most the function's reserved concurrency. */
  maximumConcurrency: number;
  tags: Tag[];
  /** The ARN of a mapping, for answers that leave `EventSourceMappingArn` out. */
  mappingArn: (uuid: string) => string;
}

const MAPPING = 'Lambda event source mapping';
/** AWS-NOTES.md "Wiring": partial batch failures, so one bad call does not retry the batch. */
const REPORT_BATCH_ITEM_FAILURES = 'ReportBatchItemFailures';
/** States in which a mapping polls, or is about to. */
const ENABLED_STATES = new Set(['Enabled', 'Enabling', 'Creating', 'Updating']);

/**
 * The analysis queue → result-handler mapping. Lambda allows one mapping per
 * function and queue, found by listing with both; mappings of other queues are
 * not this step's.
 */
export async function ensureQueueMapping(
  lambda: LambdaClient,
  recorder: StepRecorder,
  spec: QueueMappingSpec,
): Promise<void> {
  const resource = { type: MAPPING, name: `${spec.queueName} -> ${spec.functionName}` };
  // A function that does not exist yet (dry run on a fresh account) has no mappings.
  const mappings = await readOrMissing(
    recorder,
    resource,
    () =>
      collectPages((marker) =>
        lambda
          .send(
            new ListEventSourceMappingsCommand({
              FunctionName: spec.functionName,
              EventSourceArn: spec.queueArn,
              Marker: marker,
            }),
          )
          .then((page) => ({ items: page.EventSourceMappings, next: page.NextMarker })),
      ),
    'ResourceNotFoundException',
  );
  const settings = {
    BatchSize: spec.batchSize,
    MaximumBatchingWindowInSeconds: spec.batchingWindowSeconds,
    FunctionResponseTypes: [REPORT_BATCH_ITEM_FAILURES] as const,
    Enabled: true,
    ScalingConfig: { MaximumConcurrency: spec.maximumConcurrency },
  };
  const current = mappings?.find(
    (m) => m.EventSourceArn === spec.queueArn && m.State !== 'Deleting',
  );
  if (current?.UUID === undefined) {
    await recorder.ensure(resource, { state: 'missing' }, async () => {
      const out = await lambda.send(
        new CreateEventSourceMappingCommand({
          EventSourceArn: spec.queueArn,
          FunctionName: spec.functionName,
          ...settings,
          FunctionResponseTypes: [...settings.FunctionResponseTypes],
          Tags: tagsToRecord(spec.tags),
        }),
      );
      return out.EventSourceMappingArn;
    });
    return;
  }

  const uuid = current.UUID;
  const mappingArn = current.EventSourceMappingArn ?? spec.mappingArn(uuid);
  const currentTags = await recorder.guard(
    resource,
    async () => (await lambda.send(new ListTagsCommand({ Resource: mappingArn }))).Tags ?? {},
  );
  const settingChanges = mappingChanges(current, spec);
  const observed = observedFrom([...settingChanges, ...tagChanges(currentTags, spec.tags)]);
  await recorder.ensure({ ...resource, arn: mappingArn }, observed, async () => {
    if (settingChanges.length > 0) {
      await lambda.send(
        new UpdateEventSourceMappingCommand({
          UUID: uuid,
          FunctionName: spec.functionName,
          ...settings,
          FunctionResponseTypes: [...settings.FunctionResponseTypes],
        }),
      );
    }
    const missingTags = tagsToApply(currentTags, spec.tags);
    if (missingTags.length > 0) {
      await lambda.send(
        new TagResourceCommand({ Resource: mappingArn, Tags: tagsToRecord(missingTags) }),
      );
    }
  });
}

function mappingChanges(
  current: EventSourceMappingConfiguration,
  spec: QueueMappingSpec,
): string[] {
  const changes: string[] = [];
  if (current.BatchSize !== spec.batchSize) {
    changes.push(change('batch size', current.BatchSize, spec.batchSize));
  }
  const window = current.MaximumBatchingWindowInSeconds ?? 0;
  if (window !== spec.batchingWindowSeconds) {
    changes.push(change('batching window', window, spec.batchingWindowSeconds));
  }
  const responseTypes = current.FunctionResponseTypes ?? [];
  if (!responseTypes.includes(REPORT_BATCH_ITEM_FAILURES)) {
    changes.push(change('response types', responseTypes, [REPORT_BATCH_ITEM_FAILURES]));
  }
  if (!ENABLED_STATES.has(current.State ?? '')) {
    changes.push(change('state', current.State, 'Enabled'));
  }
  const concurrency = current.ScalingConfig?.MaximumConcurrency;
  if (concurrency !== spec.maximumConcurrency) {
    changes.push(change('maximum concurrency', concurrency, spec.maximumConcurrency));
  }
  return changes;
}
