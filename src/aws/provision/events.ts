import {
  DescribeRuleCommand,
  ListTagsForResourceCommand,
  ListTargetsByRuleCommand,
  PutRuleCommand,
  PutTargetsCommand,
  TagResourceCommand,
  type EventBridgeClient,
  type Target,
} from '@aws-sdk/client-eventbridge';
import type { Tag } from '../../core/config/tags.js';
import type { AwsClients } from '../clients.js';
import {
  change,
  observedFrom,
  parseJson,
  readOrMissing,
  sameJson,
  tagChanges,
  tagRecord,
  tagsToApply,
} from './reconcile.js';
import { ruleArn, topicArn } from './sns.js';
import {
  StepRecorder,
  type DeploymentContext,
  type Observed,
  type ProvisionStep,
  type ResourceReport,
} from './step.js';

/** Output keys. */
export const OBJECT_CREATED_RULE_ARN = 'objectCreatedRuleArn';
export const TRANSCRIBE_COMPLETED_RULE_ARN = 'transcribeCompletedRuleArn';
/** Id of the SNS target on the Transcribe rule. */
export const SNS_TARGET_ID = 'sns-topic';

const STEP = 'events';
const RULE = 'EventBridge rule';
const TARGET = 'EventBridge target';

/**
 * Calls uploaded to the input bucket under `<tenant>/calls/` (guide §2, §7.2).
 * A prefix cannot say "any tenant, then /calls/", so the key is matched with a
 * wildcard; `*` also spans `/`, so a deeper key such as `a/b/calls/x` matches
 * too, and job-init checks the key's shape before it starts anything. Objects
 * of size 0 are left out: the `<tenant>/calls/` marker `tenant add` writes and
 * empty uploads have no audio to transcribe.
 */
export function objectCreatedPattern(inputBucket: string): Record<string, unknown> {
  return {
    source: ['aws.s3'],
    'detail-type': ['Object Created'],
    detail: {
      bucket: { name: [inputBucket] },
      object: { key: [{ wildcard: '*/calls/*' }], size: [{ numeric: ['>', 0] }] },
    },
  };
}

/**
 * Transcribe completions and failures of both job kinds (AWS-NOTES.md
 * "Wiring"): standard jobs report `TranscriptionJobStatus`, Call Analytics jobs
 * `JobStatus`, so one pattern matches either field with `$or`.
 */
export function transcribeCompletedPattern(): Record<string, unknown> {
  const done = ['COMPLETED', 'FAILED'];
  return {
    source: ['aws.transcribe'],
    'detail-type': ['Transcribe Job State Change', 'Call Analytics Job State Change'],
    detail: { $or: [{ TranscriptionJobStatus: done }, { JobStatus: done }] },
  };
}

interface RuleSpec {
  name: string;
  description: string;
  pattern: Record<string, unknown>;
  /** Targets this step owns; other targets (the Lambda deploy-lambdas adds) are left alone. */
  targets: Array<Target & { Id: string; Arn: string }>;
  targetLabel?: string;
  output: string;
}

function ruleSpecs(ctx: DeploymentContext): RuleSpec[] {
  const { names } = ctx;
  return [
    {
      name: names.objectCreatedRule,
      description: `Call audio under <tenant>/calls/ in ${names.inputBucket} -> ${names.jobInitFunction} (target added by deploy-lambdas)`,
      pattern: objectCreatedPattern(names.inputBucket),
      targets: [],
      output: OBJECT_CREATED_RULE_ARN,
    },
    {
      name: names.transcribeCompletedRule,
      description: `Transcribe jobs COMPLETED or FAILED -> SNS ${names.snsTopic}`,
      pattern: transcribeCompletedPattern(),
      targets: [{ Id: SNS_TARGET_ID, Arn: topicArn(ctx) }],
      targetLabel: names.snsTopic,
      output: TRANSCRIBE_COMPLETED_RULE_ARN,
    },
  ];
}

/**
 * The two EventBridge rules of AWS-NOTES.md "Wiring" on the default bus:
 * `S3ObjectCreatedToJobInit` (no target yet) and
 * `TranscribeCompletedToResultHandler` → the SNS topic. Runs after the SNS step.
 */
export const eventsStep: ProvisionStep = {
  id: STEP,
  title: 'EventBridge rules',
  async run(clients: AwsClients, ctx: DeploymentContext): Promise<ResourceReport[]> {
    const recorder = new StepRecorder(STEP, ctx.dryRun);
    const tags = ctx.tags('EventBridge');
    for (const spec of ruleSpecs(ctx)) {
      const existed = await ensureRule(clients.eventbridge, recorder, ctx, spec, tags);
      await ensureTargets(clients.eventbridge, recorder, spec, existed);
      ctx.outputs.set(spec.output, ruleArn(ctx, spec.name));
    }
    return recorder.reports;
  },
};

/** Creates or reconciles one rule; true when it existed before. */
async function ensureRule(
  eb: EventBridgeClient,
  recorder: StepRecorder,
  ctx: DeploymentContext,
  spec: RuleSpec,
  tags: Tag[],
): Promise<boolean> {
  const arn = ruleArn(ctx, spec.name);
  const resource = { type: RULE, name: spec.name, arn };
  const putRule = {
    Name: spec.name,
    EventPattern: JSON.stringify(spec.pattern),
    State: 'ENABLED' as const,
    Description: spec.description,
  };
  const current = await readOrMissing(
    recorder,
    resource,
    () => eb.send(new DescribeRuleCommand({ Name: spec.name })),
    'ResourceNotFoundException',
  );
  if (current === undefined) {
    await recorder.ensure(resource, { state: 'missing' }, async () => {
      const out = await eb.send(new PutRuleCommand({ ...putRule, Tags: tags }));
      return out.RuleArn;
    });
    return false;
  }

  const currentTags = await recorder.guard(resource, async () =>
    tagRecord(
      (await eb.send(new ListTagsForResourceCommand({ ResourceARN: current.Arn ?? arn }))).Tags,
    ),
  );
  const ruleChanges: string[] = [];
  if (!sameJson(parseJson(current.EventPattern), spec.pattern)) {
    ruleChanges.push(change('event pattern', current.EventPattern, putRule.EventPattern));
  }
  if (current.State !== 'ENABLED') ruleChanges.push(change('state', current.State, 'ENABLED'));
  if (current.Description !== spec.description) {
    ruleChanges.push(change('description', current.Description, spec.description));
  }
  const observed = observedFrom([...ruleChanges, ...tagChanges(currentTags, tags)]);
  await recorder.ensure(resource, observed, async () => {
    // PutRule replaces pattern, state and description together (tags only apply on create).
    if (ruleChanges.length > 0) await eb.send(new PutRuleCommand(putRule));
    const missingTags = tagsToApply(currentTags, tags);
    if (missingTags.length > 0) {
      await eb.send(new TagResourceCommand({ ResourceARN: current.Arn ?? arn, Tags: missingTags }));
    }
  });
  return true;
}

async function ensureTargets(
  eb: EventBridgeClient,
  recorder: StepRecorder,
  spec: RuleSpec,
  ruleExisted: boolean,
): Promise<void> {
  if (spec.targets.length === 0) return;
  const resource = {
    type: TARGET,
    name: `${spec.name} -> ${spec.targetLabel ?? spec.targets[0]?.Id}`,
  };
  const current = ruleExisted
    ? await recorder.guard(resource, () => listTargets(eb, spec.name))
    : [];
  const toPut = spec.targets.filter((t) => {
    const found = current.find((c) => c.Id === t.Id);
    return found === undefined || found.Arn !== t.Arn;
  });
  let observed: Observed = { state: 'ok' };
  if (toPut.length > 0) {
    const drifted = toPut.filter((t) => current.some((c) => c.Id === t.Id));
    observed =
      drifted.length === 0
        ? { state: 'missing' }
        : {
            state: 'drifted',
            changes: drifted.map((t) =>
              change(`target ${t.Id}`, current.find((c) => c.Id === t.Id)?.Arn, t.Arn),
            ),
          };
  }
  await recorder.ensure({ ...resource, arn: spec.targets[0]?.Arn }, observed, async () => {
    const out = await eb.send(new PutTargetsCommand({ Rule: spec.name, Targets: toPut }));
    // PutTargets reports per-target failures in its answer rather than throwing.
    const failed = out.FailedEntries?.[0];
    if ((out.FailedEntryCount ?? 0) > 0 && failed !== undefined) {
      throw Object.assign(new Error(failed.ErrorMessage ?? 'PutTargets failed'), {
        name: failed.ErrorCode ?? 'PutTargetsFailed',
      });
    }
  });
}

async function listTargets(eb: EventBridgeClient, rule: string): Promise<Target[]> {
  const all: Target[] = [];
  let token: string | undefined;
  do {
    const page = await eb.send(new ListTargetsByRuleCommand({ Rule: rule, NextToken: token }));
    all.push(...(page.Targets ?? []));
    token = page.NextToken;
  } while (token !== undefined);
  return all;
}
