import {
  DeleteRuleCommand,
  DescribeRuleCommand,
  ListTargetsByRuleCommand,
  RemoveTargetsCommand,
  type EventBridgeClient,
  type Target,
} from '@aws-sdk/client-eventbridge';
import { missingWhen } from './destroy-recorder.js';
import type { DestroyStep } from './destroy-step.js';

const missing = missingWhen('ResourceNotFoundException');

/** RemoveTargets reports per-target failures in its answer rather than throwing. */
export function failedEntriesError(out: {
  FailedEntryCount?: number | undefined;
  FailedEntries?: Array<{ ErrorCode?: string | undefined; ErrorMessage?: string | undefined }>;
}): void {
  const failed = out.FailedEntries?.[0];
  if ((out.FailedEntryCount ?? 0) > 0 && failed !== undefined) {
    throw Object.assign(new Error(failed.ErrorMessage ?? 'RemoveTargets failed'), {
      name: failed.ErrorCode ?? 'RemoveTargetsFailed',
    });
  }
}

/**
 * The two EventBridge rules of AWS-NOTES.md "Wiring", newest first. A rule
 * with targets cannot be deleted, so whatever targets are left on it (the SNS
 * topic, or any an operator added to our rule) are removed first.
 */
export const eventsDestroyStep: DestroyStep = {
  id: 'events',
  title: 'EventBridge rules',
  async run(clients, ctx, r) {
    const eb = clients.eventbridge;
    const { names } = ctx.deployment;
    for (const Name of [names.transcribeCompletedRule, names.objectCreatedRule]) {
      await r.readAndRemove(
        { type: 'EventBridge rule', name: Name },
        async () => (await eb.send(new DescribeRuleCommand({ Name }))).Name,
        async () => {
          const ids = (await listTargets(eb, Name)).flatMap((t) =>
            t.Id === undefined ? [] : [t.Id],
          );
          // RemoveTargets takes at most 100 ids, far more than a rule of ours holds.
          for (let i = 0; i < ids.length; i += 100) {
            failedEntriesError(
              await eb.send(new RemoveTargetsCommand({ Rule: Name, Ids: ids.slice(i, i + 100) })),
            );
          }
          await eb.send(new DeleteRuleCommand({ Name }));
        },
        missing,
      );
    }
  },
};

async function listTargets(eb: EventBridgeClient, Rule: string): Promise<Target[]> {
  const all: Target[] = [];
  let NextToken: string | undefined;
  do {
    const page = await eb.send(new ListTargetsByRuleCommand({ Rule, NextToken }));
    all.push(...(page.Targets ?? []));
    NextToken = page.NextToken;
  } while (NextToken !== undefined);
  return all;
}
