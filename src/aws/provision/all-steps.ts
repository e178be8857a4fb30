import type { ProvisionStep } from './step.js';
import { SECURITY_STEPS_AFTER, SECURITY_STEPS_BEFORE } from './security-steps.js';
import { dynamodbStep } from './dynamodb.js';
import { snsStep } from './sns.js';
import { sqsStep } from './sqs.js';
import { eventsStep } from './events.js';
import { glueStep } from './glue.js';
import { athenaStep } from './athena.js';
import { glueTablesStep } from './glue-tables.js';
import { namedQueriesStep } from './named-queries.js';
import { budgetsStep } from './budgets.js';
import { quicksightStep } from './quicksight/quicksight-step.js';

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
  glueTablesStep,
  athenaStep,
  namedQueriesStep,
  budgetsStep,
  quicksightStep,
  ...SECURITY_STEPS_AFTER,
];
