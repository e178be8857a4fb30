import 'aws-sdk-client-mock-vitest/extend';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import {
  CreateNamedQueryCommand,
  CreateWorkGroupCommand,
  UpdateNamedQueryCommand,
} from '@aws-sdk/client-athena';
import {
  ensureTenantNamedQueries,
  namedQueriesStep,
} from '../../../src/aws/provision/named-queries.js';
import { StepRecorder } from '../../../src/aws/provision/step.js';
import { getNamedQuery } from '../../../src/analytics/sql-catalogue.js';
import { mockAws } from '../../helpers/aws-mocks.js';
import {
  clearCallHistory,
  fakeAwsAccount,
  mutatingCommands,
  type FakeAwsAccount,
} from '../../helpers/fake-aws-account.js';
import { deploymentContext } from '../provision/data-plane-fixture.js';

const aws = mockAws();
const { clients, mocks } = aws;
let account: FakeAwsAccount;
afterAll(() => aws.restore());
beforeEach(async () => {
  aws.reset();
  account = fakeAwsAccount(mocks);
  for (const Name of ['cci-lite-shared', 'tenant-acme']) {
    await clients.athena.send(new CreateWorkGroupCommand({ Name }));
  }
  clearCallHistory(mocks);
});

const SAVED = [
  'explode-criteria',
  'failure-rate',
  'weekly-failure-leaderboard',
  'agent-criterion-fail-rate',
];

describe('named queries (guide §10)', () => {
  it('saves the catalogue text with its ? parameters in the shared workgroup', async () => {
    const reports = await namedQueriesStep.run(clients, deploymentContext());

    expect(reports.map((r) => [r.name, r.action])).toEqual(
      SAVED.map((n) => [`cci-lite-shared/cci-lite-${n}`, 'created']),
    );
    const first = mocks.athena.commandCalls(CreateNamedQueryCommand)[0]?.args[0].input;
    const q = getNamedQuery('explode-criteria');
    expect(first).toEqual({
      Name: 'cci-lite-explode-criteria',
      Description: `${q.title}: ${q.description} Parameters, in order: tenant id (e.g. 'acme'), from date ('YYYY-MM-DD'), to date ('YYYY-MM-DD').`,
      Database: 'cci-lite-db',
      QueryString: q.athena.sql,
      WorkGroup: 'cci-lite-shared',
      ClientRequestToken: expect.stringMatching(/^[0-9a-f]{64}$/),
    });
  });

  it('binds the tenant literally and the last 30 days in a tenant workgroup', async () => {
    const recorder = new StepRecorder('tenant', false);
    await ensureTenantNamedQueries(clients, deploymentContext(), 'acme', recorder);

    const input = mocks.athena.commandCalls(CreateNamedQueryCommand)[1]?.args[0].input;
    expect(input).toMatchObject({ Name: 'cci-lite-failure-rate', WorkGroup: 'tenant-acme' });
    const sql = input?.QueryString ?? '';
    expect(sql).not.toContain('?');
    expect(sql).toContain("WHERE tenant = 'acme'");
    expect(sql).toContain(
      "AND day BETWEEN replace(CAST(current_date - INTERVAL '30' DAY AS varchar), '-', '/') AND replace(CAST(current_date AS varchar), '-', '/')",
    );
    expect(recorder.reports).toHaveLength(4);
  });

  it('refuses a reserved tenant id', async () => {
    const recorder = new StepRecorder('tenant', false);
    await expect(
      ensureTenantNamedQueries(clients, deploymentContext(), 'tmp', recorder),
    ).rejects.toMatchObject({ code: 'RESERVED_TENANT_ID' });
  });

  it('changes nothing on a second run, and updates a text edited in the console', async () => {
    await namedQueriesStep.run(clients, deploymentContext());
    clearCallHistory(mocks);
    const again = await namedQueriesStep.run(clients, deploymentContext());
    expect(again.map((r) => r.action)).toEqual([
      'unchanged',
      'unchanged',
      'unchanged',
      'unchanged',
    ]);
    expect(mutatingCommands(mocks)).toEqual([]);

    const edited = [...account.athena.namedQueries.values()].find(
      (q) => q.Name === 'cci-lite-failure-rate',
    )!;
    edited.QueryString = 'SELECT 1';
    clearCallHistory(mocks);
    const reports = await namedQueriesStep.run(clients, deploymentContext());

    expect(reports.find((r) => r.action === 'updated')).toMatchObject({
      name: 'cci-lite-shared/cci-lite-failure-rate',
      changes: ['query text changed'],
    });
    expect(mutatingCommands(mocks)).toEqual(['athena:UpdateNamedQuery']);
    const q = getNamedQuery('failure-rate');
    expect(mocks.athena).toHaveReceivedCommandWith(UpdateNamedQueryCommand, {
      NamedQueryId: edited.NamedQueryId,
      Name: 'cci-lite-failure-rate',
      QueryString: q.athena.sql,
    });
  });

  it('a dry run before the tenant workgroup exists plans four creates and writes nothing', async () => {
    account.athena.workgroups.delete('tenant-acme');
    const recorder = new StepRecorder('tenant', true);
    const reports = await ensureTenantNamedQueries(
      clients,
      deploymentContext({ dryRun: true }),
      'acme',
      recorder,
    );
    expect(reports.map((r) => r.action)).toEqual(['create', 'create', 'create', 'create']);
    expect(mutatingCommands(mocks)).toEqual([]);
  });
});
