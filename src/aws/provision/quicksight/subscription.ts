import { DescribeAccountSubscriptionCommand } from '@aws-sdk/client-quicksight';
import type { AwsClients } from '../../clients.js';
import { isAwsError, type DeploymentContext, type StepRecorder } from '../step.js';

export type Subscription = { subscribed: true } | { subscribed: false; reason: string };

/**
 * QuickSight must be subscribed in the account before any of its APIs create
 * anything, and RLS needs the Enterprise edition. Neither can cci-lite do for
 * the operator (a subscription is a billing decision), so it reports why.
 */
export async function quicksightSubscription(
  clients: AwsClients,
  ctx: DeploymentContext,
  recorder: StepRecorder,
): Promise<Subscription> {
  const resource = { type: 'QuickSight subscription', name: ctx.accountId };
  return recorder.guard(resource, async () => {
    try {
      const out = await clients.quicksight.send(
        new DescribeAccountSubscriptionCommand({ AwsAccountId: ctx.accountId }),
      );
      const info = out.AccountInfo;
      if (info?.AccountSubscriptionStatus === 'UNSUBSCRIBED') {
        return { subscribed: false, reason: 'QuickSight is unsubscribed in this account' };
      }
      if (info?.Edition === 'STANDARD') {
        return {
          subscribed: false,
          reason: 'QuickSight Standard edition has no row-level security (Enterprise needed)',
        };
      }
      return { subscribed: true };
    } catch (err) {
      if (isAwsError(err, 'ResourceNotFoundException')) {
        return { subscribed: false, reason: 'QuickSight is not subscribed in this account' };
      }
      throw err;
    }
  });
}

/** The hint of a skipped QuickSight step, also shown by the commands that sync RLS rules. */
export function subscribeHint(ctx: DeploymentContext): string {
  const region = ctx.config.quicksight.identityRegion ?? ctx.region;
  return (
    `subscribe to QuickSight Enterprise (console: QuickSight > Sign up, identity region ${region}, ` +
    'or `aws quicksight create-account-subscription`), then run `cci-lite init --target aws` again'
  );
}
