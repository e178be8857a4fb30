import { DeleteLogGroupCommand, DescribeLogGroupsCommand } from '@aws-sdk/client-cloudwatch-logs';
import { ListTargetsByRuleCommand, RemoveTargetsCommand } from '@aws-sdk/client-eventbridge';
import {
  DeleteEventSourceMappingCommand,
  DeleteFunctionCommand,
  GetFunctionCommand,
  ListEventSourceMappingsCommand,
} from '@aws-sdk/client-lambda';
import { JOB_INIT_TARGET_ID } from '../lambda/deploy/triggers.js';
import { functionName, HANDLER_IDS, logGroupName } from '../lambda/lambda-specs.js';
import { queueArn } from '../provision/policies/arns.js';
import { missingWhen } from './destroy-recorder.js';
import type { DestroyStep } from './destroy-step.js';
import { failedEntriesError } from './events.js';

const missing = missingWhen('ResourceNotFoundException');

/**
 * deploy-lambdas in reverse (guide §7, §8): the queue → result-handler
 * mapping, job-init's target on the object-created rule, the functions (their
 * permissions and async-invoke settings go with them), and their log groups.
 */
export const lambdaDestroyStep: DestroyStep = {
  id: 'lambda',
  title: '§7 Lambda functions',
  async run(clients, ctx, r) {
    const { names } = ctx.deployment;
    const lambda = clients.lambda;
    const resultHandler = functionName('result-handler', names);
    const EventSourceArn = queueArn(ctx.deployment, names.analysisQueue);
    await r.readAndRemove(
      { type: 'Lambda event source mapping', name: `${names.analysisQueue} -> ${resultHandler}` },
      async () => {
        const out = await lambda.send(
          new ListEventSourceMappingsCommand({ FunctionName: resultHandler, EventSourceArn }),
        );
        return out.EventSourceMappings?.find(
          (m) => m.EventSourceArn === EventSourceArn && m.State !== 'Deleting',
        )?.UUID;
      },
      (UUID) => lambda.send(new DeleteEventSourceMappingCommand({ UUID })),
      missing,
    );

    const rule = names.objectCreatedRule;
    await r.readAndRemove(
      { type: 'EventBridge target', name: `${rule} -> ${names.jobInitFunction}` },
      async () => {
        const out = await clients.eventbridge.send(new ListTargetsByRuleCommand({ Rule: rule }));
        return out.Targets?.find((t) => t.Id === JOB_INIT_TARGET_ID);
      },
      async () => {
        const out = await clients.eventbridge.send(
          new RemoveTargetsCommand({ Rule: rule, Ids: [JOB_INIT_TARGET_ID] }),
        );
        failedEntriesError(out);
      },
      missing,
    );

    for (const id of HANDLER_IDS) {
      const FunctionName = functionName(id, names);
      await r.readAndRemove(
        { type: 'Lambda function', name: FunctionName },
        async () => (await lambda.send(new GetFunctionCommand({ FunctionName }))).Configuration,
        () => lambda.send(new DeleteFunctionCommand({ FunctionName })),
        missing,
      );
    }
    for (const id of HANDLER_IDS) {
      const group = logGroupName(functionName(id, names));
      await r.readAndRemove(
        { type: 'CloudWatch log group', name: group },
        async () => {
          const out = await clients.logs.send(
            new DescribeLogGroupsCommand({ logGroupNamePrefix: group }),
          );
          // The prefix also matches longer names; only the exact one is ours.
          return out.logGroups?.find((g) => g.logGroupName === group);
        },
        () => clients.logs.send(new DeleteLogGroupCommand({ logGroupName: group })),
        missing,
      );
    }
  },
};
