import {
  BatchGetNamedQueryCommand,
  DeleteNamedQueryCommand,
  DeleteWorkGroupCommand,
  GetWorkGroupCommand,
  ListNamedQueriesCommand,
  ListWorkGroupsCommand,
  type AthenaClient,
} from '@aws-sdk/client-athena';
import { tenantWorkgroup } from '../../core/config/resource-names.js';
import type { AwsClients } from '../clients.js';
import { isWorkgroupMissing } from '../provision/athena.js';
import { awsTenantStores } from '../tenant/wiring.js';
import { missingWhen, type StepRemover } from './destroy-recorder.js';
import type { DestroyContext, DestroyStep } from './destroy-step.js';

// The config store turns DynamoDB's not-found into CONFIG_TABLE_MISSING.
const missingTable = missingWhen('ResourceNotFoundException', 'CONFIG_TABLE_MISSING');
/** Athena answers a named query id it does not know with InvalidRequestException. */
const missingQuery = missingWhen('InvalidRequestException', 'ResourceNotFoundException');

/** Description `tenant add` gives a tenant's workgroup (src/aws/provision/athena.ts). */
const TENANT_WORKGROUP_DESCRIPTION = /^cci-lite workgroup of tenant /;

/**
 * Guide §10 and `tenant add`: the saved (named) queries of the shared
 * workgroup, every tenant's workgroup `tenant-<id>`, then the shared one.
 * Workgroups go with RecursiveDeleteOption, which also drops their query
 * history and any saved query left. Tenants come from the config table (read
 * here, before a --purge deletes it) and, so a run after a partial one still
 * finds them, from the workgroups whose description `tenant add` wrote.
 */
export const athenaDestroyStep: DestroyStep = {
  id: 'athena',
  title: '§10 Athena workgroups',
  async run(clients, ctx, r) {
    const shared = ctx.deployment.names.sharedWorkgroup;
    await removeNamedQueries(clients.athena, r, shared);
    for (const workgroup of await tenantWorkgroups(clients, ctx, r)) {
      await removeWorkgroup(clients.athena, r, workgroup);
    }
    await removeWorkgroup(clients.athena, r, shared);
  },
};

async function removeNamedQueries(
  athena: AthenaClient,
  r: StepRemover,
  WorkGroup: string,
): Promise<void> {
  const probe = await r.read(
    { type: 'Athena named queries', name: WorkGroup },
    () => listNamedQueries(athena, WorkGroup),
    isWorkgroupMissing,
  );
  if (probe.state !== 'found') return;
  for (const query of probe.value) {
    await r.remove(
      { type: 'Athena named query', name: `${WorkGroup}/${query.name}` },
      { state: 'found', value: query.id },
      (NamedQueryId) => athena.send(new DeleteNamedQueryCommand({ NamedQueryId })),
      missingQuery,
    );
  }
}

/** Every saved query of the workgroup, by id and name (BatchGetNamedQuery takes 50 ids). */
async function listNamedQueries(
  athena: AthenaClient,
  WorkGroup: string,
): Promise<Array<{ id: string; name: string }>> {
  const ids: string[] = [];
  let NextToken: string | undefined;
  do {
    const page = await athena.send(new ListNamedQueriesCommand({ WorkGroup, NextToken }));
    ids.push(...(page.NamedQueryIds ?? []));
    NextToken = page.NextToken;
  } while (NextToken !== undefined);
  const queries: Array<{ id: string; name: string }> = [];
  for (let i = 0; i < ids.length; i += 50) {
    const batch = ids.slice(i, i + 50);
    const out = await athena.send(new BatchGetNamedQueryCommand({ NamedQueryIds: batch }));
    const names = new Map((out.NamedQueries ?? []).map((q) => [q.NamedQueryId, q.Name]));
    queries.push(...batch.map((id) => ({ id, name: names.get(id) ?? id })));
  }
  return queries;
}

async function removeWorkgroup(
  athena: AthenaClient,
  r: StepRemover,
  WorkGroup: string,
): Promise<void> {
  await r.readAndRemove(
    { type: 'Athena workgroup', name: WorkGroup },
    async () => (await athena.send(new GetWorkGroupCommand({ WorkGroup }))).WorkGroup,
    () => athena.send(new DeleteWorkGroupCommand({ WorkGroup, RecursiveDeleteOption: true })),
    isWorkgroupMissing,
  );
}

/** `tenant-<id>` of every tenant in the config table and of every workgroup `tenant add` made. */
async function tenantWorkgroups(
  clients: AwsClients,
  ctx: DestroyContext,
  r: StepRemover,
): Promise<string[]> {
  const found = new Set<string>();
  const tenants = await r.read(
    { type: 'Tenants (config table)', name: ctx.deployment.names.configTable },
    () => awsTenantStores(clients, ctx.deployment).tenants.listTenants(),
    missingTable,
  );
  if (tenants.state === 'found') for (const t of tenants.value) found.add(tenantWorkgroup(t.id));
  const listed = await r.read(
    { type: 'Athena workgroups', name: 'tenant-*' },
    () => listTenantWorkgroups(clients.athena),
    () => false,
  );
  if (listed.state === 'found') for (const name of listed.value) found.add(name);
  return [...found].sort();
}

async function listTenantWorkgroups(athena: AthenaClient): Promise<string[]> {
  const names: string[] = [];
  let NextToken: string | undefined;
  do {
    const page = await athena.send(new ListWorkGroupsCommand({ NextToken }));
    for (const wg of page.WorkGroups ?? []) {
      if (
        wg.Name?.startsWith('tenant-') === true &&
        TENANT_WORKGROUP_DESCRIPTION.test(wg.Description ?? '')
      ) {
        names.push(wg.Name);
      }
    }
    NextToken = page.NextToken;
  } while (NextToken !== undefined);
  return names;
}
