/**
 * The RLS rules file QuickSight reads through Athena: `UserName,tenant_id`,
 * one line per rule, sorted so an unchanged rule set gives identical bytes
 * (and no write). A rule with an empty tenant is dropped: QuickSight reads an
 * empty value as "all values", which would show that user every tenant.
 */
export const RLS_CSV_HEADER = 'UserName,tenant_id';

export function rlsRulesCsv(rules: ReadonlyArray<{ UserName: string; tenant_id: string }>): string {
  const lines = new Set<string>();
  for (const r of rules) {
    const user = r.UserName.trim();
    const tenant = r.tenant_id.trim();
    if (user === '' || tenant === '') continue;
    lines.add(`${csvField(user)},${csvField(tenant)}`);
  }
  return [RLS_CSV_HEADER, ...[...lines].sort()].join('\n') + '\n';
}

/**
 * RFC 4180 quoting, for the OpenCSVSerde of the rls_rules table: a field with
 * a separator, quote, backslash (the SerDe's escape) or line break is quoted,
 * its quotes doubled and backslashes escaped.
 */
export function csvField(value: string): string {
  if (!/[",\\\r\n]/.test(value)) return value;
  return `"${value.replace(/\\/g, '\\\\').replace(/"/g, '""')}"`;
}
