import type { ProvisionStep } from './step.js';
import { SECURITY_STEPS_AFTER, SECURITY_STEPS_BEFORE } from './security-steps.js';
import { dynamodbStep } from './dynamodb.js';
import { snsStep } from './sns.js';
import { sqsStep } from './sqs.js';
import { eventsStep } from './events.js';
import { glueStep } from './glue.js';
import { athenaStep } from './athena.js';
import { budgetsStep } from './budgets.js';

/**
 * `init --target aws`, section by section. Roles come first because the key
 * policy names them; their inline policies follow the key because they name it;
 * the trail comes last because it logs the buckets' data events.
 */
export const INIT_STEPS: readonly ProvisionStep[] = [
  ...SECURITY_STEPS_BEFORE,
  dynamodbStep,
  snsStep,
  sqsStep,
  eventsStep,
  glueStep,
  athenaStep,
  budgetsStep,
  ...SECURITY_STEPS_AFTER,
];
