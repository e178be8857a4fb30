import { cloudtrailStep } from './cloudtrail.js';
import { iamPoliciesStep, iamRolesStep } from './iam.js';
import { kmsStep } from './kms.js';
import { s3Step } from './s3.js';
import type { ProvisionStep } from './step.js';

/**
 * The order the security steps must run in. The key policy names the roles (KMS
 * rejects principals that do not exist) and the roles' policies name the key,
 * so: roles, key, role policies, buckets (encrypted with the key). CloudTrail
 * goes after every other step: its trail logs data events of the buckets and
 * its KMS statement is in the key policy already.
 */
export const SECURITY_STEPS_BEFORE: readonly ProvisionStep[] = [
  iamRolesStep,
  kmsStep,
  iamPoliciesStep,
  s3Step,
];

export const SECURITY_STEPS_AFTER: readonly ProvisionStep[] = [cloudtrailStep];
