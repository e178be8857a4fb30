/** Descriptions of command groups, shown in `cci-lite --help`. */
export const COMMAND_GROUPS: Readonly<Record<string, string>> = {
  'qa-template': 'Validate and manage weighted QA templates (guide §4, §17)',
  config: 'Inspect the cci-lite configuration',
};
