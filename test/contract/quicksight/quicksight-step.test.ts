import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import {
  CreateDashboardCommand,
  CreateDataSetCommand,
  CreateDataSourceCommand,
  CreateGroupCommand,
  CreateRefreshScheduleCommand,
  DescribeGroupCommand,
  UpdateDashboardPublishedVersionCommand,
  UpdateDataSetCommand,
  UpdateDataSetPermissionsCommand,
  UpdateRefreshScheduleCommand,
} from '@aws-sdk/client-quicksight';
import { quicksightStep } from '../../../src/aws/provision/quicksight/quicksight-step.js';
import { criteriaSql, resultsSql } from '../../../src/aws/provision/quicksight/dataset-specs.js';
import { mockAws, TEST_ACCOUNT } from '../../helpers/aws-mocks.js';
import {
  clearCallHistory,
  mutatingCommands,
  sentCommands,
  type FakeAwsAccount,
} from '../../helpers/fake-aws-account.js';
import { expectedTags } from '../provision/data-plane-fixture.js';
import {
  context,
  dsArn,
  GROUP_ARN,
  provisionedAccount,
  QS_ROLE_ARN,
  SOURCE_ARN,
} from './quicksight-fixture.js';

const aws = mockAws();
const { clients, mocks } = aws;
let account: FakeAwsAccount;
let keyArn: string;
afterAll(() => aws.restore());
beforeEach(async () => {
  aws.reset();
  ({ account, keyArn } = await provisionedAccount(aws));
  clearCallHistory(mocks);
});

const input = <T>(command: abstract new (...a: never[]) => unknown, n = 0): T =>
  mocks.quicksight.commandCalls(command as never)[n]?.args[0].input as T;

const DATA_SET_ACTIONS = [
  'quicksight:DescribeDataSet',
  'quicksight:DescribeDataSetPermissions',
  'quicksight:PassDataSet',
  'quicksight:DescribeIngestion',
  'quicksight:ListIngestions',
];
const RLS_ATTACHMENT = {
  Arn: dsArn('cci-lite-rls-rules'),
  PermissionPolicy: 'GRANT_ACCESS',
  FormatVersion: 'VERSION_1',
};

describe('quicksightStep on a subscribed account', () => {
  it('creates the group, data source, three datasets with RLS, schedules and dashboard', async () => {
    const reports = await quicksightStep.run(clients, context(keyArn));

    expect(reports.map((r) => [r.type, r.name, r.action])).toEqual([
      ['QuickSight group', 'default/cci-lite-analysts', 'created'],
      ['Glue table', 'cci-lite-db.rls_rules', 'created'],
      ['QuickSight RLS rules', expect.stringMatching(/rls-rules\.csv$/), 'created'],
      ['QuickSight data source', 'cci-lite-athena', 'created'],
      ['QuickSight dataset', 'cci-lite-rls-rules', 'created'],
      ['QuickSight dataset', 'cci-lite-results', 'created'],
      ['QuickSight dataset', 'cci-lite-qa-criteria', 'created'],
      ['QuickSight refresh schedule', 'cci-lite-rls-rules/cci-lite-daily', 'created'],
      ['QuickSight refresh schedule', 'cci-lite-results/cci-lite-daily', 'created'],
      ['QuickSight refresh schedule', 'cci-lite-qa-criteria/cci-lite-daily', 'created'],
      ['QuickSight dashboard', 'cci-lite-qa-dashboard', 'created'],
    ]);
    expect(input(CreateGroupCommand)).toEqual({
      AwsAccountId: TEST_ACCOUNT,
      Namespace: 'default',
      GroupName: 'cci-lite-analysts',
      Description: expect.any(String),
    });
    expect(input(CreateDataSourceCommand)).toEqual({
      AwsAccountId: TEST_ACCOUNT,
      DataSourceId: 'cci-lite-athena',
      Name: 'cci-lite Athena (cci-lite-shared)',
      Type: 'ATHENA',
      DataSourceParameters: {
        AthenaParameters: { WorkGroup: 'cci-lite-shared', RoleArn: QS_ROLE_ARN },
      },
      SslProperties: { DisableSsl: false },
      Permissions: [
        {
          Principal: GROUP_ARN,
          Actions: [
            'quicksight:DescribeDataSource',
            'quicksight:DescribeDataSourcePermissions',
            'quicksight:PassDataSource',
          ],
        },
      ],
      Tags: expectedTags('QuickSight'),
    });
    expect(input(CreateDataSetCommand, 0)).toEqual({
      AwsAccountId: TEST_ACCOUNT,
      DataSetId: 'cci-lite-rls-rules',
      Name: 'cci-lite RLS rules (user -> tenant)',
      PhysicalTableMap: {
        'rls-rules': {
          RelationalTable: {
            DataSourceArn: SOURCE_ARN,
            Catalog: 'AwsDataCatalog',
            Schema: 'cci-lite-db',
            Name: 'rls_rules',
            InputColumns: [
              { Name: 'username', Type: 'STRING' },
              { Name: 'tenant_id', Type: 'STRING' },
            ],
          },
        },
      },
      LogicalTableMap: {
        'rls-rules': {
          Alias: 'rls_rules',
          Source: { PhysicalTableId: 'rls-rules' },
          DataTransforms: [
            { RenameColumnOperation: { ColumnName: 'username', NewColumnName: 'UserName' } },
          ],
        },
      },
      ImportMode: 'SPICE',
      UseAs: 'RLS_RULES',
      Tags: expectedTags('QuickSight'),
    });
    const results = input<Record<string, unknown>>(CreateDataSetCommand, 1);
    expect(results).toMatchObject({
      DataSetId: 'cci-lite-results',
      ImportMode: 'SPICE',
      RowLevelPermissionDataSet: RLS_ATTACHMENT,
      Permissions: [{ Principal: GROUP_ARN, Actions: DATA_SET_ACTIONS }],
      PhysicalTableMap: {
        results: {
          CustomSql: { DataSourceArn: SOURCE_ARN, Name: 'results', SqlQuery: resultsSql() },
        },
      },
    });
    expect(results).not.toHaveProperty('UseAs');
    expect(input(CreateDataSetCommand, 2)).toMatchObject({
      DataSetId: 'cci-lite-qa-criteria',
      RowLevelPermissionDataSet: RLS_ATTACHMENT,
      Permissions: [{ Principal: GROUP_ARN, Actions: DATA_SET_ACTIONS }],
      PhysicalTableMap: {
        criteria: { CustomSql: { DataSourceArn: SOURCE_ARN, SqlQuery: criteriaSql() } },
      },
    });
    // The rules themselves are not shared with the group: they list every tenant's users.
    expect(input(CreateDataSetCommand, 0)).not.toHaveProperty('Permissions');
    expect(
      mocks.quicksight.commandCalls(CreateRefreshScheduleCommand).map((c) => c.args[0].input),
    ).toEqual(
      ['cci-lite-rls-rules', 'cci-lite-results', 'cci-lite-qa-criteria'].map((id) => ({
        AwsAccountId: TEST_ACCOUNT,
        DataSetId: id,
        Schedule: {
          ScheduleId: 'cci-lite-daily',
          ScheduleFrequency: { Interval: 'DAILY', TimeOfTheDay: '03:00', Timezone: 'UTC' },
          RefreshType: 'FULL_REFRESH',
        },
      })),
    );
    const dashboard = input<{
      Definition: { DataSetIdentifierDeclarations: unknown };
      Permissions: unknown;
      DashboardPublishOptions: unknown;
    }>(CreateDashboardCommand);
    expect(dashboard.Definition.DataSetIdentifierDeclarations).toEqual([
      { Identifier: 'results', DataSetArn: dsArn('cci-lite-results') },
      { Identifier: 'criteria', DataSetArn: dsArn('cci-lite-qa-criteria') },
    ]);
    expect(dashboard.Permissions).toEqual([
      {
        Principal: GROUP_ARN,
        Actions: [
          'quicksight:DescribeDashboard',
          'quicksight:ListDashboardVersions',
          'quicksight:QueryDashboard',
        ],
      },
    ]);
    expect(dashboard).toMatchObject({
      DashboardId: 'cci-lite-qa-dashboard',
      Name: 'cci-lite call QA',
    });
  });

  it('sends no mutating call when everything is in place', async () => {
    await quicksightStep.run(clients, context(keyArn));
    clearCallHistory(mocks);

    const reports = await quicksightStep.run(clients, context(keyArn));

    expect(mutatingCommands(mocks)).toEqual([]);
    expect(reports.every((r) => r.action === 'unchanged')).toBe(true);
  });

  it('plans every resource as create on a dry run and writes nothing', async () => {
    const reports = await quicksightStep.run(clients, context(keyArn, { dryRun: true }));

    expect(mutatingCommands(mocks)).toEqual([]);
    expect(reports.map((r) => r.action)).toEqual(Array(11).fill('create'));
  });

  it('reconciles drift: dataset SQL, group permissions, schedule time, dashboard definition', async () => {
    await quicksightStep.run(clients, context(keyArn));
    const results = account.quicksight.dataSet('cci-lite-results');
    const table = results.definition.PhysicalTableMap as {
      results: { CustomSql: { SqlQuery: string } };
    };
    table.results.CustomSql.SqlQuery = 'SELECT 1';
    account.quicksight
      .dataSet('cci-lite-qa-criteria')
      .permissions.update([], [{ Principal: GROUP_ARN, Actions: ['quicksight:PassDataSet'] }]);
    const dashboard = account.quicksight.dashboard('cci-lite-qa-dashboard');
    dashboard.versions.push({ ...structuredClone(dashboard.versions[0]!), Sheets: [] });
    clearCallHistory(mocks);

    const reports = await quicksightStep.run(
      clients,
      context(keyArn, { config: { quicksight: { refreshTimeUtc: '05:30' } } }),
    );

    expect(mutatingCommands(mocks)).toEqual([
      'quicksight:UpdateDataSet',
      'quicksight:UpdateDataSetPermissions',
      'quicksight:UpdateRefreshSchedule',
      'quicksight:UpdateRefreshSchedule',
      'quicksight:UpdateRefreshSchedule',
      'quicksight:UpdateDashboard',
      'quicksight:UpdateDashboardPublishedVersion',
    ]);
    expect(input<{ PhysicalTableMap: unknown }>(UpdateDataSetCommand).PhysicalTableMap).toEqual({
      results: {
        CustomSql: expect.objectContaining({ SqlQuery: resultsSql() }),
      },
    });
    expect(input(UpdateDataSetPermissionsCommand)).toEqual({
      AwsAccountId: TEST_ACCOUNT,
      DataSetId: 'cci-lite-qa-criteria',
      GrantPermissions: [{ Principal: GROUP_ARN, Actions: ['quicksight:PassDataSet'] }],
    });
    expect(input(UpdateRefreshScheduleCommand)).toMatchObject({
      Schedule: { ScheduleFrequency: { TimeOfTheDay: '05:30' } },
    });
    // Version 1 created, 2 the drift, 3 the repair: readers get the repaired one.
    expect(input(UpdateDashboardPublishedVersionCommand)).toEqual({
      AwsAccountId: TEST_ACCOUNT,
      DashboardId: 'cci-lite-qa-dashboard',
      VersionNumber: 3,
    });
    expect(
      reports.find((r) => r.name === 'cci-lite-qa-criteria' && r.type === 'QuickSight dataset')
        ?.changes,
    ).toEqual([
      `permissions of ${GROUP_ARN}: ${JSON.stringify(DATA_SET_ACTIONS.filter((a) => a !== 'quicksight:PassDataSet').sort())} -> ${JSON.stringify([...DATA_SET_ACTIONS].sort())}`,
    ]);
  });

  it('calls the identity APIs in the identity region when it differs', async () => {
    await quicksightStep.run(
      clients,
      context(keyArn, { config: { quicksight: { identityRegion: 'us-east-1' } } }),
    );
    const call = mocks.quicksight.commandCalls(DescribeGroupCommand)[0];
    const client = call?.thisValue as { config: { region: () => Promise<string> } };
    expect(await client.config.region()).toBe('us-east-1');
    const source = input<{ Permissions: Array<{ Principal: string }> }>(CreateDataSourceCommand);
    expect(source.Permissions[0]?.Principal).toBe(
      `arn:aws:quicksight:us-east-1:${TEST_ACCOUNT}:group/default/cci-lite-analysts`,
    );
  });
});

describe('quicksightStep without a QuickSight subscription', () => {
  it('reports every QuickSight resource skipped with how to subscribe, and creates nothing', async () => {
    account.quicksight.subscribed = false;

    const reports = await quicksightStep.run(clients, context(keyArn));

    expect(sentCommands(mocks)).toEqual(['quicksight:DescribeAccountSubscription']);
    expect(reports.map((r) => [r.type, r.name, r.action])).toEqual([
      ['QuickSight group', 'default/cci-lite-analysts', 'unchanged'],
      ['QuickSight data source', 'cci-lite-athena', 'unchanged'],
      ['QuickSight dataset', 'cci-lite-rls-rules', 'unchanged'],
      ['QuickSight dataset', 'cci-lite-results', 'unchanged'],
      ['QuickSight dataset', 'cci-lite-qa-criteria', 'unchanged'],
      ['QuickSight dashboard', 'cci-lite-qa-dashboard', 'unchanged'],
    ]);
    for (const r of reports) {
      expect(r.changes).toEqual([
        expect.stringMatching(
          /^skipped: QuickSight is not subscribed in this account; subscribe to QuickSight Enterprise .*create-account-subscription.*cci-lite init --target aws/,
        ),
      ]);
    }
  });

  it('skips on the Standard edition, which has no row-level security', async () => {
    account.quicksight.edition = 'STANDARD';

    const reports = await quicksightStep.run(clients, context(keyArn));

    expect(mutatingCommands(mocks)).toEqual([]);
    expect(reports[0]?.changes?.[0]).toMatch(
      /^skipped: .*Standard edition has no row-level security/,
    );
  });
});
