import type { Reporter } from '../../ui/reporter.js';
import type { AwsClients } from '../clients.js';
import type { DeploymentContext } from '../provision/step.js';
import { alarmsDestroyStep } from './alarms.js';
import { athenaDestroyStep } from './athena.js';
import { budgetsDestroyStep } from './budgets.js';
import { cloudtrailDestroyStep } from './cloudtrail.js';
import { DestroyLedger, StepRemover, type DestroyReport } from './destroy-recorder.js';
import type { DestroyStep } from './destroy-step.js';
import { dynamodbDestroyStep } from './dynamodb.js';
import { eventsDestroyStep } from './events.js';
import { glueDestroyStep } from './glue.js';
import { iamDestroyStep } from './iam.js';
import { kmsDestroyStep } from './kms.js';
import { lambdaDestroyStep } from './lambda.js';
import { quicksightDestroyStep } from './quicksight.js';
import { s3DestroyStep } from './s3.js';
import { snsDestroyStep } from './sns.js';
import { sqsDestroyStep } from './sqs.js';

/**
 * `init`, `deploy-lambdas` and `tenant add` in reverse: what reads or feeds
 * on a resource goes before it (dashboards before datasets, the trail before
 * its bucket, triggers before functions, mappings before queues, everything
 * before the roles and the key they use).
 */
export const DESTROY_STEPS: readonly DestroyStep[] = [
  quicksightDestroyStep,
  cloudtrailDestroyStep,
  alarmsDestroyStep,
  lambdaDestroyStep,
  budgetsDestroyStep,
  athenaDestroyStep,
  glueDestroyStep,
  eventsDestroyStep,
  sqsDestroyStep,
  snsDestroyStep,
  dynamodbDestroyStep,
  s3DestroyStep,
  iamDestroyStep,
  kmsDestroyStep,
];

export interface AwsDestroyResult {
  accountId: string;
  region: string;
  dryRun: boolean;
  purge: boolean;
  resources: DestroyReport[];
}

/**
 * Removes (or, on a dry run, plans the removal of) every resource, one
 * spinner per step. A failure is recorded with the resource and AWS error code
 * and the rest goes on, so one stuck resource does not leave the others; a
 * second run deletes what is left and reports the rest `absent`.
 */
export async function runAwsDestroy(input: {
  clients: AwsClients;
  deployment: DeploymentContext;
  reporter: Reporter;
  purge: boolean;
  steps?: readonly DestroyStep[];
}): Promise<AwsDestroyResult> {
  const { clients, deployment, reporter, purge } = input;
  const dryRun = deployment.dryRun;
  const ledger = new DestroyLedger();
  for (const step of input.steps ?? DESTROY_STEPS) {
    const remover = new StepRemover(step.id, dryRun, ledger);
    const title = dryRun ? `${step.title} (plan)` : step.title;
    await reporter.step(title, async () => {
      try {
        await step.run(clients, { deployment, purge }, remover);
      } catch (err) {
        // Steps record AWS failures themselves; anything else still must not stop the rest.
        // What it left may be encrypted with the key, so the key stays this time.
        remover.failed({ type: 'step', name: step.title }, err);
        remover.holdKey({ type: 'step', name: step.title });
      }
    });
  }
  return {
    accountId: deployment.accountId,
    region: deployment.region,
    dryRun,
    purge,
    resources: ledger.reports,
  };
}
