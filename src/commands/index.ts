import type { CommandSpec } from './command.js';
import { validateEndToEndCommand } from './validate/end-to-end.js';
import { runbookDailyCommand } from './runbook/daily.js';
import { demoCommand } from './demo/demo.js';
import { qaTemplateValidateCommand } from './qa-template/validate.js';
import { configShowCommand } from './config/show.js';
import { queryCommand } from './query/query.js';
import { dashboardCommand } from './dashboard/dashboard.js';
import { etlParquetCommand } from './etl/parquet.js';
import { initCommand } from './init.js';
import { tenantAddCommand } from './tenant/add.js';
import { tenantListCommand } from './tenant/list.js';
import { tenantRemoveCommand } from './tenant/remove.js';
import { tenantUserAddCommand } from './tenant/user-add.js';
import { tenantUserRemoveCommand } from './tenant/user-remove.js';
import { qaTemplatePushCommand } from './qa-template/push.js';
import { qaTemplateListCommand } from './qa-template/list.js';
import { qaTemplateShowCommand } from './qa-template/show.js';
import { callsUploadCommand } from './calls/upload.js';
import { runCommand } from './run.js';
import { resultsShowCommand } from './results/show.js';
import { resultsListCommand } from './results/list.js';
import { dlqListCommand } from './dlq/list.js';
import { dlqRedriveCommand } from './dlq/redrive.js';
import { deployLambdasCommand } from './deploy-lambdas.js';
import { destroyCommand } from './destroy.js';
import { costEstimateCommand } from './cost/estimate.js';
import { doctorCommand } from './doctor.js';

/**
 * The explicit command registry: a command exists when it is listed here. Only
 * commands that work are registered; later work adds its own.
 */
export const COMMANDS: readonly CommandSpec[] = [
  qaTemplateValidateCommand,
  configShowCommand,
  queryCommand,
  dashboardCommand,
  etlParquetCommand,
  initCommand,
  tenantAddCommand,
  tenantListCommand,
  tenantRemoveCommand,
  tenantUserAddCommand,
  tenantUserRemoveCommand,
  qaTemplatePushCommand,
  qaTemplateListCommand,
  qaTemplateShowCommand,
  callsUploadCommand,
  runCommand,
  resultsShowCommand,
  resultsListCommand,
  dlqListCommand,
  dlqRedriveCommand,
  validateEndToEndCommand,
  runbookDailyCommand,
  demoCommand,
  deployLambdasCommand,
  doctorCommand,
  costEstimateCommand,
  destroyCommand,
];
