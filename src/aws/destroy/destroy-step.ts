import type { AwsClients } from '../clients.js';
import type { DeploymentContext } from '../provision/step.js';
import type { StepRemover } from './destroy-recorder.js';

/** What every teardown step knows: the deployment, and whether data goes too. */
export interface DestroyContext {
  deployment: DeploymentContext;
  /** Delete the data buckets and the config table (and then the key). */
  purge: boolean;
}

/** One service's teardown: reads each resource, then deletes, keeps or plans it. */
export interface DestroyStep {
  id: string;
  /** Shown on the spinner, e.g. `§11 QuickSight`. */
  title: string;
  run(clients: AwsClients, ctx: DestroyContext, remover: StepRemover): Promise<void>;
}
