import type { CciConfig } from './schema.js';

/** The guide's tagging table; `Tenant` only where a resource belongs to one tenant. */
export interface Tag {
  Key: string;
  Value: string;
}

export const COMPONENTS = [
  'KMS',
  'S3-Input',
  'S3-Results',
  'S3-AthenaStaging',
  'S3-Trail',
  'IAM',
  'DynamoDB',
  'SNS',
  'SQS',
  'EventBridge',
  'Lambda-JobInit',
  'Lambda-ResultHandler',
  'CloudWatch',
  'Glue',
  'Athena',
  'QuickSight',
  'Budgets',
  'CloudTrail',
] as const;
export type Component = (typeof COMPONENTS)[number];

export function standardTags(
  config: Pick<CciConfig, 'environment' | 'region' | 'tags'>,
  component: Component,
  tenantId?: string,
): Tag[] {
  const tags: Tag[] = [
    { Key: 'Project', Value: 'CCI-Lite' },
    { Key: 'Environment', Value: config.environment },
    { Key: 'Owner', Value: config.tags.Owner },
    { Key: 'Component', Value: component },
    { Key: 'Region', Value: config.region },
    { Key: 'KMSKey', Value: 'alias/cci-lite-master-key' },
    { Key: 'CostCenter', Value: config.tags.CostCenter },
    { Key: 'Version', Value: config.tags.Version },
  ];
  if (tenantId !== undefined) tags.splice(2, 0, { Key: 'Tenant', Value: tenantId });
  return tags;
}

/** The same tags as a plain map, for APIs that take `Record<string, string>`. */
export function tagsToRecord(tags: readonly Tag[]): Record<string, string> {
  return Object.fromEntries(tags.map((t) => [t.Key, t.Value]));
}
