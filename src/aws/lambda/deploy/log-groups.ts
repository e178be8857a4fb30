import {
  AssociateKmsKeyCommand,
  CreateLogGroupCommand,
  DescribeLogGroupsCommand,
  ListTagsForResourceCommand,
  PutRetentionPolicyCommand,
  TagResourceCommand,
  type CloudWatchLogsClient,
  type LogGroup,
} from '@aws-sdk/client-cloudwatch-logs';
import type { Tag } from '../../../core/config/tags.js';
import { tagsToRecord } from '../../../core/config/tags.js';
import type { AwsClients } from '../../clients.js';
import { arn, change, observedFrom, tagChanges, tagsToApply } from '../../provision/reconcile.js';
import { StepRecorder, type DeploymentContext, type ProvisionStep } from '../../provision/step.js';
import { resolveKmsKeyArn } from '../../provision/resolve-kms-key.js';
import { functionName, HANDLER_IDS, LOG_RETENTION_DAYS, logGroupName } from '../lambda-specs.js';
import { lambdaComponent } from './function-config.js';

const STEP = 'log-groups';
const LOG_GROUP = 'CloudWatch log group';

interface LogGroupSpec {
  name: string;
  keyArn: string;
  tags: Tag[];
}

/**
 * Guide §7.1/§8: `/aws/lambda/<function>` for both functions, encrypted with
 * the CMK and kept 30 days. Made before the functions: Lambda would otherwise
 * create them on first invocation, unencrypted and kept forever. A group Lambda
 * already made is reconciled (retention, key, tags). CloudWatch Logs may use
 * the key because the key policy grants `logs.<region>.amazonaws.com` for
 * `/aws/lambda/cci-lite-*` (templates/kms/key-policy.json).
 */
export const logGroupsStep: ProvisionStep = {
  id: STEP,
  title: '§8 Lambda log groups (30 days, KMS)',
  async run(clients: AwsClients, ctx: DeploymentContext) {
    const recorder = new StepRecorder(STEP, ctx.dryRun);
    const keyArn = await resolveKmsKeyArn(clients, ctx, STEP);
    for (const id of HANDLER_IDS) {
      const spec = {
        name: logGroupName(functionName(id, ctx.names)),
        keyArn,
        tags: ctx.tags(lambdaComponent(id)),
      };
      await ensureLogGroup(clients.logs, recorder, ctx, spec);
    }
    return recorder.reports;
  },
};

/** The log group's ARN as tagging APIs take it (no trailing `:*`). */
export function logGroupArn(ctx: DeploymentContext, name: string): string {
  return arn(ctx, 'logs', `log-group:${name}`);
}

async function ensureLogGroup(
  logs: CloudWatchLogsClient,
  recorder: StepRecorder,
  ctx: DeploymentContext,
  spec: LogGroupSpec,
): Promise<void> {
  const resource = { type: LOG_GROUP, name: spec.name, arn: logGroupArn(ctx, spec.name) };
  const current = await recorder.guard(resource, () => findLogGroup(logs, spec.name));
  const logGroupName = spec.name;
  if (current === undefined) {
    await recorder.ensure(resource, { state: 'missing' }, async () => {
      await logs.send(
        new CreateLogGroupCommand({
          logGroupName,
          kmsKeyId: spec.keyArn,
          tags: tagsToRecord(spec.tags),
        }),
      );
      await logs.send(
        new PutRetentionPolicyCommand({ logGroupName, retentionInDays: LOG_RETENTION_DAYS }),
      );
    });
    return;
  }

  const resourceArn = current.logGroupArn ?? resource.arn;
  const tags = await recorder.guard(resource, async () => {
    const out = await logs.send(new ListTagsForResourceCommand({ resourceArn }));
    return out.tags ?? {};
  });
  const retentionDrifted = current.retentionInDays !== LOG_RETENTION_DAYS;
  const keyDrifted = current.kmsKeyId !== spec.keyArn;
  const missingTags = tagsToApply(tags, spec.tags);
  const changes = [
    // No retention means "never expire".
    ...(retentionDrifted
      ? [change('retention days', current.retentionInDays ?? 'never expire', LOG_RETENTION_DAYS)]
      : []),
    ...(keyDrifted ? [change('kmsKeyId', current.kmsKeyId, spec.keyArn)] : []),
    ...tagChanges(tags, spec.tags),
  ];
  await recorder.ensure({ ...resource, arn: resourceArn }, observedFrom(changes), async () => {
    if (retentionDrifted) {
      await logs.send(
        new PutRetentionPolicyCommand({ logGroupName, retentionInDays: LOG_RETENTION_DAYS }),
      );
    }
    if (keyDrifted) {
      // Only data written from now on is encrypted with the key; older events stay as they were.
      await logs.send(new AssociateKmsKeyCommand({ logGroupName, kmsKeyId: spec.keyArn }));
    }
    if (missingTags.length > 0) {
      await logs.send(new TagResourceCommand({ resourceArn, tags: tagsToRecord(missingTags) }));
    }
  });
}

/** The group with exactly this name: the prefix also matches longer names. */
async function findLogGroup(
  logs: CloudWatchLogsClient,
  name: string,
): Promise<LogGroup | undefined> {
  let nextToken: string | undefined;
  do {
    const page = await logs.send(
      new DescribeLogGroupsCommand({ logGroupNamePrefix: name, nextToken }),
    );
    const found = page.logGroups?.find((g) => g.logGroupName === name);
    if (found !== undefined) return found;
    nextToken = page.nextToken;
  } while (nextToken !== undefined);
  return undefined;
}
