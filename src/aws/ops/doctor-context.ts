import type { AwsClients } from '../clients.js';
import type { DeploymentContext } from '../provision/step.js';

/** What the aws-target doctor checks read: the clients, this deployment's names, the options. */
export interface AwsDoctorContext {
  clients: AwsClients;
  deployment: DeploymentContext;
  /** `--tenant`: only this tenant's template and model. */
  tenant?: string;
  now: () => Date;
}

/** The hint for a check that AWS refused: the credentials lack a read permission. */
export function accessHint(permission: string): (code: string) => string | undefined {
  return (code) =>
    code === 'AccessDeniedException' || code === 'AccessDenied'
      ? `The credentials may not call ${permission}; run doctor with a role that can (e.g. ReadOnlyAccess).`
      : undefined;
}
