import type {
  InputColumn,
  InputColumnDataType,
  LogicalTable,
  PhysicalTable,
  RowLevelPermissionDataSet,
} from '@aws-sdk/client-quicksight';
import { explodeCriteria } from '../../../analytics/queries/explode-criteria.js';
import { athenaCallsCte } from '../../../analytics/relations.js';
import { CciError } from '../../../core/errors.js';
import { QUICKSIGHT_IDS, RLS_RULES_TABLE } from '../../catalog-names.js';
import type { DeploymentContext } from '../step.js';
import { assetArn } from './quicksight-context.js';

/**
 * The three SPICE datasets of guide §11, as pure specs. The two data datasets
 * read every tenant (the catalogue's Athena texts without their tenant
 * parameter) and RLS narrows each reader to the tenants the rules give them.
 */
export interface DataSetSpec {
  DataSetId: string;
  Name: string;
  PhysicalTableMap: Record<string, PhysicalTable>;
  LogicalTableMap?: Record<string, LogicalTable>;
  ImportMode: 'SPICE';
  UseAs?: 'RLS_RULES';
  RowLevelPermissionDataSet?: RowLevelPermissionDataSet;
}

type Columns = ReadonlyArray<readonly [name: string, type: InputColumnDataType]>;

/** Columns of the results dataset: the catalogue's `calls` relation plus a 0–100 sentiment score. */
export const RESULTS_DATASET_COLUMNS: Columns = [
  ['tenant_id', 'STRING'],
  ['call_id', 'STRING'],
  ['call_date', 'DATETIME'],
  ['processed_at', 'DATETIME'],
  ['qa_template_version', 'STRING'],
  ['agent_id', 'STRING'],
  ['queue', 'STRING'],
  ['tone_score', 'INTEGER'],
  ['sentiment', 'STRING'],
  ['sentiment_score', 'DECIMAL'],
  ['sentiment_summary', 'STRING'],
  ['percentage', 'INTEGER'],
  ['total_score', 'DECIMAL'],
  ['max_score', 'DECIMAL'],
  ['passed', 'BOOLEAN'],
  ['failed_criteria', 'STRING'],
];

/** Columns of the criteria dataset: the explode query plus numeric pass/fail for averages. */
export const CRITERIA_DATASET_COLUMNS: Columns = [
  ['tenant_id', 'STRING'],
  ['call_id', 'STRING'],
  ['call_date', 'DATETIME'],
  ['agent_id', 'STRING'],
  ['tone_score', 'INTEGER'],
  ['sentiment', 'STRING'],
  ['criterion_id', 'STRING'],
  ['question', 'STRING'],
  ['passed', 'BOOLEAN'],
  ['score', 'DECIMAL'],
  ['status', 'STRING'],
  ['passed_pct', 'DECIMAL'],
  ['failed', 'DECIMAL'],
];

/** The RLS rules: the Glue column `username` becomes the `UserName` QuickSight matches on. */
export const RLS_TABLE_COLUMNS: Columns = [
  ['username', 'STRING'],
  ['tenant_id', 'STRING'],
];
export const RLS_DATASET_COLUMNS = ['UserName', 'tenant_id'] as const;

/** Physical and logical table ids inside each dataset. */
const TABLE_ID = { results: 'results', criteria: 'criteria', rls: 'rls-rules' } as const;

/**
 * A catalogue text over every tenant: the `WHERE <tenant key> = ?` line and
 * the `AND ... ?` lines after it (the date range) removed; a condition without
 * a parameter that followed them becomes the WHERE. A text that still has a
 * parameter is refused rather than sent unbound.
 */
export function allTenantsSql(sql: string): string {
  const lines = sql.split('\n');
  const at = lines.findIndex((l) => /^\s*WHERE\s+\w+\s*=\s*\?\s*$/.test(l));
  if (at >= 0) {
    let end = at + 1;
    while (end < lines.length && /^\s*AND\b.*\?/.test(lines[end] ?? '')) end += 1;
    const indent = /^\s*/.exec(lines[at] ?? '')?.[0] ?? '';
    const next = lines[end];
    const rest =
      next !== undefined && /^\s*AND\b/.test(next)
        ? [next.replace(/^\s*AND\b/, `${indent}WHERE`), ...lines.slice(end + 1)]
        : lines.slice(end);
    lines.splice(at, lines.length - at, ...rest);
  }
  const out = lines.join('\n');
  if (out.includes('?')) {
    throw new CciError(
      'QUICKSIGHT_SQL',
      'A catalogue query still has parameters after its tenant filter was removed.',
      { hint: 'The calls CTE changed shape; update dataset-specs.ts to match it.' },
    );
  }
  return out;
}

/** SQL of the results dataset: one row per call, every tenant. */
export function resultsSql(): string {
  return `${allTenantsSql(`WITH ${athenaCallsCte({ dateRange: false })}`)}
SELECT
  tenant_id, call_id, call_date, processed_at, qa_template_version, agent_id, queue,
  tone_score, sentiment,
  CASE sentiment WHEN 'POSITIVE' THEN 100.0 WHEN 'NEGATIVE' THEN 0.0
    WHEN 'NEUTRAL' THEN 50.0 WHEN 'MIXED' THEN 50.0 END AS sentiment_score,
  sentiment_summary, percentage, total_score, max_score, passed, failed_criteria
FROM calls`;
}

/** SQL of the criteria dataset: guide §10's explode over every tenant, plus averages' inputs. */
export function criteriaSql(): string {
  const explode = allTenantsSql(explodeCriteria.athena.sql).replace(/\nORDER BY [^\n]*$/, '');
  return `SELECT
  e.*,
  CASE WHEN e.passed THEN 100.0 WHEN NOT e.passed THEN 0.0 END AS passed_pct,
  CASE WHEN e.passed THEN 0.0 WHEN NOT e.passed THEN 1.0 END AS failed
FROM (
${explode}
) e`;
}

function inputColumns(columns: Columns): InputColumn[] {
  return columns.map(([Name, Type]) => ({ Name, Type }));
}

function rlsAttachment(ctx: DeploymentContext): RowLevelPermissionDataSet {
  const { namespace } = ctx.config.quicksight;
  return {
    Arn: assetArn(ctx, 'dataset', QUICKSIGHT_IDS.rlsDataSet),
    PermissionPolicy: 'GRANT_ACCESS',
    // VERSION_1 matches rules by UserName (VERSION_2 wants UserARN/GroupARN columns).
    FormatVersion: 'VERSION_1',
    ...(namespace === 'default' ? {} : { Namespace: namespace }),
  };
}

export function rlsDataSetSpec(ctx: DeploymentContext): DataSetSpec {
  return {
    DataSetId: QUICKSIGHT_IDS.rlsDataSet,
    Name: 'cci-lite RLS rules (user -> tenant)',
    PhysicalTableMap: {
      [TABLE_ID.rls]: {
        RelationalTable: {
          DataSourceArn: assetArn(ctx, 'datasource', QUICKSIGHT_IDS.dataSource),
          Catalog: 'AwsDataCatalog',
          Schema: ctx.names.glueDatabase,
          Name: RLS_RULES_TABLE,
          InputColumns: inputColumns(RLS_TABLE_COLUMNS),
        },
      },
    },
    LogicalTableMap: {
      [TABLE_ID.rls]: {
        Alias: RLS_RULES_TABLE,
        Source: { PhysicalTableId: TABLE_ID.rls },
        DataTransforms: [
          { RenameColumnOperation: { ColumnName: 'username', NewColumnName: 'UserName' } },
        ],
      },
    },
    ImportMode: 'SPICE',
    UseAs: 'RLS_RULES',
  };
}

export function resultsDataSetSpec(ctx: DeploymentContext): DataSetSpec {
  return customSqlSpec(ctx, QUICKSIGHT_IDS.resultsDataSet, 'cci-lite call results', {
    id: TABLE_ID.results,
    sql: resultsSql(),
    columns: RESULTS_DATASET_COLUMNS,
  });
}

export function criteriaDataSetSpec(ctx: DeploymentContext): DataSetSpec {
  return customSqlSpec(ctx, QUICKSIGHT_IDS.criteriaDataSet, 'cci-lite QA criteria (exploded)', {
    id: TABLE_ID.criteria,
    sql: criteriaSql(),
    columns: CRITERIA_DATASET_COLUMNS,
  });
}

function customSqlSpec(
  ctx: DeploymentContext,
  id: string,
  name: string,
  table: { id: string; sql: string; columns: Columns },
): DataSetSpec {
  return {
    DataSetId: id,
    Name: name,
    PhysicalTableMap: {
      [table.id]: {
        CustomSql: {
          DataSourceArn: assetArn(ctx, 'datasource', QUICKSIGHT_IDS.dataSource),
          Name: table.id,
          SqlQuery: table.sql,
          Columns: inputColumns(table.columns),
        },
      },
    },
    ImportMode: 'SPICE',
    RowLevelPermissionDataSet: rlsAttachment(ctx),
  };
}

/** Every dataset, the RLS rules first: the others name it. */
export function dataSetSpecs(ctx: DeploymentContext): DataSetSpec[] {
  return [rlsDataSetSpec(ctx), resultsDataSetSpec(ctx), criteriaDataSetSpec(ctx)];
}
