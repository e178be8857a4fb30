import { CreateGroupCommand, DescribeGroupCommand } from '@aws-sdk/client-quicksight';
import type { AwsClients } from '../../clients.js';
import { readOrMissing } from '../reconcile.js';
import type { DeploymentContext, StepRecorder } from '../step.js';
import { groupArn, identityClient } from './quicksight-context.js';

/** The QuickSight group of config.quicksight, created in the identity region when missing. */
export async function ensureGroup(
  clients: AwsClients,
  ctx: DeploymentContext,
  recorder: StepRecorder,
): Promise<void> {
  const { groupName, namespace } = ctx.config.quicksight;
  const qs = identityClient(clients, ctx);
  const resource = {
    type: 'QuickSight group',
    name: `${namespace}/${groupName}`,
    arn: groupArn(ctx),
  };
  const key = { AwsAccountId: ctx.accountId, Namespace: namespace, GroupName: groupName };
  const current = await readOrMissing(
    recorder,
    resource,
    () => qs.send(new DescribeGroupCommand(key)),
    'ResourceNotFoundException',
  );
  await recorder.ensure(
    resource,
    current?.Group === undefined ? { state: 'missing' } : { state: 'ok' },
    async () => {
      const out = await qs.send(
        new CreateGroupCommand({
          ...key,
          Description: 'cci-lite call QA analysts: read the QA dashboard (guide §11)',
        }),
      );
      return out.Group?.Arn;
    },
  );
}
