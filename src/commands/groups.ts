/** Descriptions of command groups, shown in `cci-lite --help`. */
export const COMMAND_GROUPS: Readonly<Record<string, string>> = {
  'qa-template': 'Validate and manage weighted QA templates (guide §4, §17)',
  config: 'Inspect the cci-lite configuration',
  etl: 'Export the results for faster queries (guide §17)',
  tenant: 'Add, list and remove tenants (guide §4)',
  'tenant user': "Manage who sees a tenant's rows in QuickSight (RLS, guide §11)",
  calls: 'Upload call recordings for processing',
  results: "Show calls' unified results (guide §18)",
  dlq: 'Inspect and redrive the dead-letter queue (guide §7.4, §19)',
  validate: 'Check the whole pipeline end to end (guide §15)',
  runbook: "The operator's routine checks (guide §19)",
  cost: 'Estimate what the aws target costs per call and per month',
};
