import { createHash } from 'node:crypto';
import {
  BatchGetNamedQueryCommand,
  CreateNamedQueryCommand,
  DeleteNamedQueryCommand,
  ListNamedQueriesCommand,
  UpdateNamedQueryCommand,
  type AthenaClient,
  type NamedQuery as AthenaNamedQuery,
} from '@aws-sdk/client-athena';
import { getNamedQuery, type NamedQuery } from '../../analytics/sql-catalogue.js';
import { assertQueryTenant } from '../../analytics/query-params.js';
import type { QueryParamName } from '../../analytics/named-query.js';
import { tenantWorkgroup } from '../../core/config/resource-names.js';
import type { AwsClients } from '../clients.js';
import { isWorkgroupMissing } from './athena.js';
import { change, observedFrom } from './reconcile.js';
import {
  StepRecorder,
  type DeploymentContext,
  type ProvisionStep,
  type ResourceReport,
} from './step.js';

const STEP = 'named-queries';
const NAMED_QUERY = 'Athena named query';

/** The guide §10 reports saved in every cci-lite workgroup. */
export const SAVED_QUERY_NAMES = [
  'explode-criteria',
  'failure-rate',
  'weekly-failure-leaderboard',
  'agent-criterion-fail-rate',
] as const;

/** Days a tenant workgroup's saved queries look back, ending today (UTC). */
export const TENANT_QUERY_DAYS = 30;

/** What a named query should hold. */
export interface NamedQuerySpec {
  Name: string;
  Description: string;
  Database: string;
  QueryString: string;
  WorkGroup: string;
}

export function savedQueryName(query: NamedQuery): string {
  return `cci-lite-${query.name}`;
}

/**
 * Shared workgroup: the catalogue's Athena text as it is, with its `?`
 * placeholders. The console asks for their values when it runs a query that
 * has them (and `cci-lite query` passes them as ExecutionParameters), so one
 * text serves every tenant and never reads across tenants.
 */
export function sharedQuerySpec(ctx: DeploymentContext, query: NamedQuery): NamedQuerySpec {
  const order = query.athena.parameterOrder.map(parameterLabel).join(', ');
  return {
    Name: savedQueryName(query),
    Description: clip(`${query.title}: ${query.description} Parameters, in order: ${order}.`),
    Database: ctx.names.glueDatabase,
    QueryString: query.athena.sql,
    WorkGroup: ctx.names.sharedWorkgroup,
  };
}

/**
 * Tenant workgroup `tenant-<id>`: the same text with the tenant bound as a
 * literal (a validated id, which holds no quote) and the last
 * TENANT_QUERY_DAYS days computed in SQL, so it runs with one click and only
 * ever reads that tenant.
 */
export function tenantQuerySpec(
  ctx: DeploymentContext,
  query: NamedQuery,
  tenantId: string,
): NamedQuerySpec {
  const tenant = assertQueryTenant(tenantId);
  const values: Record<QueryParamName, string> = {
    tenant: `'${tenant}'`,
    from: `CAST(current_date - INTERVAL '${TENANT_QUERY_DAYS}' DAY AS varchar)`,
    to: 'CAST(current_date AS varchar)',
  };
  return {
    Name: savedQueryName(query),
    Description: clip(
      `${query.title} of tenant ${tenant}, last ${TENANT_QUERY_DAYS} days: ${query.description}`,
    ),
    Database: ctx.names.glueDatabase,
    QueryString: bindParameters(query.athena.sql, query.athena.parameterOrder, values),
    WorkGroup: tenantWorkgroup(tenant),
  };
}

/** Replaces each positional `?` with the SQL of the parameter it binds, in order. */
export function bindParameters(
  sql: string,
  order: readonly QueryParamName[],
  values: Record<QueryParamName, string>,
): string {
  let i = 0;
  const bound = sql.replace(/\?/g, () => values[order[i++] ?? 'tenant']);
  if (i !== order.length) {
    throw new Error(`The query has ${i} placeholders but ${order.length} parameters.`);
  }
  return bound;
}

function parameterLabel(name: QueryParamName): string {
  return name === 'tenant' ? "tenant id (e.g. 'acme')" : `${name} date ('YYYY-MM-DD')`;
}

/** Athena allows 1 024 characters of description. */
function clip(text: string): string {
  return text.length <= 1024 ? text : `${text.slice(0, 1021)}...`;
}

/** Guide §10: the catalogue's reports saved in the shared workgroup (after the Athena step). */
export const namedQueriesStep: ProvisionStep = {
  id: STEP,
  title: '§10 Athena named queries',
  async run(clients: AwsClients, ctx: DeploymentContext) {
    const recorder = new StepRecorder(STEP, ctx.dryRun);
    const specs = SAVED_QUERY_NAMES.map((name) => sharedQuerySpec(ctx, getNamedQuery(name)));
    await ensureNamedQueries(clients.athena, recorder, ctx.names.sharedWorkgroup, specs);
    return recorder.reports;
  },
};

/** The same reports in the tenant's workgroup, bound to the tenant (`tenant add`). */
export async function ensureTenantNamedQueries(
  clients: AwsClients,
  ctx: DeploymentContext,
  tenantId: string,
  recorder: StepRecorder,
): Promise<ResourceReport[]> {
  const specs = SAVED_QUERY_NAMES.map((name) =>
    tenantQuerySpec(ctx, getNamedQuery(name), tenantId),
  );
  return ensureNamedQueries(clients.athena, recorder, tenantWorkgroup(tenantId), specs);
}

/**
 * Named queries have no natural key: they are found by name within their
 * workgroup. Missing → CreateNamedQuery (with a token derived from the text,
 * so a retried create is not a duplicate); text or description changed →
 * UpdateNamedQuery; database changed (UpdateNamedQuery cannot) → delete and
 * create. Queries of other names are left alone.
 */
export async function ensureNamedQueries(
  athena: AthenaClient,
  recorder: StepRecorder,
  workgroup: string,
  specs: readonly NamedQuerySpec[],
): Promise<ResourceReport[]> {
  const existing = await recorder.guard({ type: NAMED_QUERY, name: workgroup }, () =>
    namedQueriesOf(athena, workgroup),
  );
  const reports: ResourceReport[] = [];
  for (const spec of specs) {
    const resource = { type: NAMED_QUERY, name: `${workgroup}/${spec.Name}` };
    const current = existing.find((q) => q.Name === spec.Name);
    if (current?.NamedQueryId === undefined) {
      reports.push(
        await recorder.ensure(resource, { state: 'missing' }, () => create(athena, spec)),
      );
      continue;
    }
    const id = current.NamedQueryId;
    const changes = queryChanges(current, spec);
    reports.push(
      await recorder.ensure(resource, observedFrom(changes), async () => {
        if (current.Database !== spec.Database) {
          await athena.send(new DeleteNamedQueryCommand({ NamedQueryId: id }));
          await create(athena, spec);
          return;
        }
        await athena.send(
          new UpdateNamedQueryCommand({
            NamedQueryId: id,
            Name: spec.Name,
            Description: spec.Description,
            QueryString: spec.QueryString,
          }),
        );
      }),
    );
  }
  return reports;
}

function queryChanges(current: AthenaNamedQuery, spec: NamedQuerySpec): string[] {
  const changes: string[] = [];
  if (current.Database !== spec.Database) {
    changes.push(change('database', current.Database, spec.Database));
  }
  if ((current.Description ?? '') !== spec.Description) {
    changes.push(change('description', current.Description, spec.Description));
  }
  // The text is long: say that it changed, not what it was.
  if (current.QueryString !== spec.QueryString) changes.push('query text changed');
  return changes;
}

async function create(athena: AthenaClient, spec: NamedQuerySpec): Promise<void> {
  const token = createHash('sha256')
    .update(JSON.stringify([spec.WorkGroup, spec.Name, spec.Database, spec.QueryString]))
    .digest('hex');
  await athena.send(new CreateNamedQueryCommand({ ...spec, ClientRequestToken: token }));
}

/** Every named query of the workgroup (none when the workgroup does not exist yet: a dry run). */
async function namedQueriesOf(
  athena: AthenaClient,
  workgroup: string,
): Promise<AthenaNamedQuery[]> {
  const ids: string[] = [];
  let token: string | undefined;
  try {
    do {
      const page = await athena.send(
        new ListNamedQueriesCommand({ WorkGroup: workgroup, MaxResults: 50, NextToken: token }),
      );
      ids.push(...(page?.NamedQueryIds ?? []));
      token = page?.NextToken;
    } while (token !== undefined);
  } catch (err) {
    if (isWorkgroupMissing(err)) return [];
    throw err;
  }
  const queries: AthenaNamedQuery[] = [];
  for (let i = 0; i < ids.length; i += 50) {
    const out = await athena.send(
      new BatchGetNamedQueryCommand({ NamedQueryIds: ids.slice(i, i + 50) }),
    );
    queries.push(...(out?.NamedQueries ?? []));
  }
  return queries;
}
