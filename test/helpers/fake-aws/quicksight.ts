import {
  CreateDashboardCommand,
  CreateDataSetCommand,
  CreateDataSourceCommand,
  CreateGroupCommand,
  CreateIngestionCommand,
  CreateRefreshScheduleCommand,
  DescribeAccountSubscriptionCommand,
  DescribeDashboardDefinitionCommand,
  DescribeDashboardPermissionsCommand,
  DescribeDataSetCommand,
  DescribeDataSetPermissionsCommand,
  DescribeDataSourceCommand,
  DescribeDataSourcePermissionsCommand,
  DescribeGroupCommand,
  DescribeRefreshScheduleCommand,
  UpdateDashboardCommand,
  UpdateDashboardPermissionsCommand,
  UpdateDashboardPublishedVersionCommand,
  UpdateDataSetCommand,
  UpdateDataSetPermissionsCommand,
  UpdateDataSourceCommand,
  UpdateDataSourcePermissionsCommand,
  UpdateRefreshScheduleCommand,
  type DashboardVersionDefinition,
  type DataSourceParameters,
  type QuickSightClient,
  type RefreshSchedule,
  type ResourcePermission,
} from '@aws-sdk/client-quicksight';
import type { AwsClientStub } from 'aws-sdk-client-mock';
import { awsError, required, type FakeCloud } from './cloud.js';

/** Grants per principal, as the *Permissions APIs keep them. */
export class FakePermissions {
  private readonly grants = new Map<string, Set<string>>();

  constructor(initial: readonly ResourcePermission[] = []) {
    this.update(initial, []);
  }

  update(grant: readonly ResourcePermission[], revoke: readonly ResourcePermission[]): void {
    for (const p of grant) {
      const set = this.grants.get(p.Principal ?? '') ?? new Set<string>();
      for (const a of p.Actions ?? []) set.add(a);
      this.grants.set(p.Principal ?? '', set);
    }
    for (const p of revoke)
      for (const a of p.Actions ?? []) this.grants.get(p.Principal ?? '')?.delete(a);
  }

  list(): ResourcePermission[] {
    return [...this.grants]
      .filter(([, actions]) => actions.size > 0)
      .map(([Principal, actions]) => ({ Principal, Actions: [...actions] }));
  }
}

export interface FakeDataSource {
  name: string;
  type: string;
  parameters: DataSourceParameters;
  disableSsl: boolean;
  permissions: FakePermissions;
}

export interface FakeDataSet {
  /** The create/update input as sent, minus ids and permissions. */
  definition: Record<string, unknown>;
  permissions: FakePermissions;
  schedules: Map<string, RefreshSchedule>;
  ingestions: string[];
}

export interface FakeDashboard {
  name: string;
  versions: DashboardVersionDefinition[];
  published: number;
  permissions: FakePermissions;
}

/**
 * QuickSight of one account: subscribed (Enterprise) unless a test says
 * otherwise; groups, data sources, datasets with refresh schedules and
 * ingestions, dashboards with versions. Describe answers carry what the
 * service adds (ARNs, statuses, a generated logical table, definition
 * defaults), so callers must compare only what they set.
 */
export class FakeQuickSight {
  subscribed = true;
  edition: 'ENTERPRISE' | 'STANDARD' = 'ENTERPRISE';
  readonly groups = new Set<string>();
  readonly dataSources = new Map<string, FakeDataSource>();
  readonly dataSets = new Map<string, FakeDataSet>();
  readonly dashboards = new Map<string, FakeDashboard>();

  constructor(readonly cloud: FakeCloud) {}

  dataSet(id: string | undefined): FakeDataSet {
    const found = this.dataSets.get(id ?? '');
    if (found === undefined) throw notFound(`dataset ${id ?? ''}`);
    return found;
  }

  dataSource(id: string | undefined): FakeDataSource {
    const found = this.dataSources.get(id ?? '');
    if (found === undefined) throw notFound(`data source ${id ?? ''}`);
    return found;
  }

  dashboard(id: string | undefined): FakeDashboard {
    const found = this.dashboards.get(id ?? '');
    if (found === undefined) throw notFound(`dashboard ${id ?? ''}`);
    return found;
  }

  arn(kind: string, id: string): string {
    return this.cloud.arn('quicksight', `${kind}/${id}`);
  }
}

function notFound(what: string): Error {
  return awsError('ResourceNotFoundException', `${what} not found`, 404);
}

export function installQuickSight(
  cloud: FakeCloud,
  stub: AwsClientStub<QuickSightClient>,
): FakeQuickSight {
  const qs = new FakeQuickSight(cloud);
  cloud.refuseUnserved(stub, 'QuickSight');
  const subscribedOr404 = () => {
    if (!qs.subscribed) throw notFound(`Account information for ${cloud.accountId}`);
  };

  cloud.serve(stub, DescribeAccountSubscriptionCommand, () => {
    subscribedOr404();
    return {
      AccountInfo: {
        AccountName: 'cci-lite-test',
        Edition: qs.edition,
        AccountSubscriptionStatus: 'ACCOUNT_CREATED',
      },
    };
  });
  cloud.serve(stub, DescribeGroupCommand, (i) => {
    subscribedOr404();
    const key = `${i.Namespace ?? ''}/${i.GroupName ?? ''}`;
    if (!qs.groups.has(key)) throw notFound(`group ${key}`);
    return { Group: { GroupName: i.GroupName, Arn: qs.arn('group', key) } };
  });
  cloud.serve(stub, CreateGroupCommand, (i) => {
    subscribedOr404();
    const key = `${i.Namespace ?? ''}/${i.GroupName ?? ''}`;
    if (qs.groups.has(key)) throw awsError('ResourceExistsException', `group ${key} exists`, 409);
    qs.groups.add(key);
    return { Group: { GroupName: i.GroupName, Arn: qs.arn('group', key) } };
  });

  serveDataSources(qs, stub);
  serveDataSets(qs, stub);
  serveDashboards(qs, stub);
  return qs;
}

function serveDataSources(qs: FakeQuickSight, stub: AwsClientStub<QuickSightClient>): void {
  const { cloud } = qs;
  cloud.serve(stub, CreateDataSourceCommand, (i) => {
    const id = required(i.DataSourceId, 'DataSourceId');
    if (qs.dataSources.has(id)) throw awsError('ResourceExistsException', `${id} exists`, 409);
    qs.dataSources.set(id, {
      name: required(i.Name, 'Name'),
      type: required(i.Type, 'Type'),
      parameters: structuredClone(required(i.DataSourceParameters, 'DataSourceParameters')),
      disableSsl: i.SslProperties?.DisableSsl === true,
      permissions: new FakePermissions(i.Permissions ?? []),
    });
    return {
      Arn: qs.arn('datasource', id),
      DataSourceId: id,
      CreationStatus: 'CREATION_SUCCESSFUL' as const,
    };
  });
  cloud.serve(stub, DescribeDataSourceCommand, (i) => {
    const ds = qs.dataSource(i.DataSourceId);
    return {
      DataSource: {
        Arn: qs.arn('datasource', i.DataSourceId ?? ''),
        DataSourceId: i.DataSourceId,
        Name: ds.name,
        Type: ds.type as 'ATHENA',
        Status: 'CREATION_SUCCESSFUL' as const,
        DataSourceParameters: structuredClone(ds.parameters),
        SslProperties: { DisableSsl: ds.disableSsl },
      },
    };
  });
  cloud.serve(stub, UpdateDataSourceCommand, (i) => {
    const ds = qs.dataSource(i.DataSourceId);
    ds.name = required(i.Name, 'Name');
    ds.parameters = structuredClone(required(i.DataSourceParameters, 'DataSourceParameters'));
    ds.disableSsl = i.SslProperties?.DisableSsl === true;
    return {
      Arn: qs.arn('datasource', i.DataSourceId ?? ''),
      UpdateStatus: 'UPDATE_SUCCESSFUL' as const,
    };
  });
  cloud.serve(stub, DescribeDataSourcePermissionsCommand, (i) => ({
    Permissions: qs.dataSource(i.DataSourceId).permissions.list(),
  }));
  cloud.serve(stub, UpdateDataSourcePermissionsCommand, (i) => {
    qs.dataSource(i.DataSourceId).permissions.update(
      i.GrantPermissions ?? [],
      i.RevokePermissions ?? [],
    );
    return {};
  });
}

function serveDataSets(qs: FakeQuickSight, stub: AwsClientStub<QuickSightClient>): void {
  const { cloud } = qs;
  const definitionOf = (input: Record<string, unknown>) => {
    const { AwsAccountId: _a, DataSetId: _d, Permissions: _p, Tags: _t, ...rest } = input;
    return structuredClone(rest);
  };
  cloud.serve(stub, CreateDataSetCommand, (i) => {
    const id = required(i.DataSetId, 'DataSetId');
    if (qs.dataSets.has(id)) throw awsError('ResourceExistsException', `${id} exists`, 409);
    qs.dataSets.set(id, {
      definition: definitionOf(i as unknown as Record<string, unknown>),
      permissions: new FakePermissions(i.Permissions ?? []),
      schedules: new Map(),
      ingestions: [],
    });
    return { Arn: qs.arn('dataset', id), DataSetId: id };
  });
  cloud.serve(stub, DescribeDataSetCommand, (i) => {
    const ds = qs.dataSet(i.DataSetId);
    const def = structuredClone(ds.definition) as Record<string, unknown>;
    const rls = def.RowLevelPermissionDataSet as Record<string, unknown> | undefined;
    const physicalIds = Object.keys((def.PhysicalTableMap as object | undefined) ?? {});
    return {
      DataSet: {
        ...def,
        Arn: qs.arn('dataset', i.DataSetId ?? ''),
        DataSetId: i.DataSetId,
        // QuickSight generates a logical table when none was given.
        LogicalTableMap: def.LogicalTableMap ?? {
          generated: { Alias: 'generated', Source: { PhysicalTableId: physicalIds[0] } },
        },
        ...(rls === undefined ? {} : { RowLevelPermissionDataSet: { ...rls, Status: 'ENABLED' } }),
        ConsumedSpiceCapacityInBytes: 0,
      },
    } as never;
  });
  cloud.serve(stub, UpdateDataSetCommand, (i) => {
    const ds = qs.dataSet(i.DataSetId);
    ds.definition = {
      ...definitionOf(i as unknown as Record<string, unknown>),
      UseAs: ds.definition.UseAs,
    };
    return { Arn: qs.arn('dataset', i.DataSetId ?? ''), DataSetId: i.DataSetId };
  });
  cloud.serve(stub, DescribeDataSetPermissionsCommand, (i) => ({
    Permissions: qs.dataSet(i.DataSetId).permissions.list(),
  }));
  cloud.serve(stub, UpdateDataSetPermissionsCommand, (i) => {
    qs.dataSet(i.DataSetId).permissions.update(i.GrantPermissions ?? [], i.RevokePermissions ?? []);
    return {};
  });
  cloud.serve(stub, CreateRefreshScheduleCommand, (i) => {
    const ds = qs.dataSet(i.DataSetId);
    const schedule = required(i.Schedule, 'Schedule');
    const id = required(schedule.ScheduleId, 'ScheduleId');
    if (ds.schedules.has(id)) throw awsError('ResourceExistsException', `${id} exists`, 409);
    ds.schedules.set(id, structuredClone(schedule));
    return {
      ScheduleId: id,
      Arn: `${qs.arn('dataset', i.DataSetId ?? '')}/refresh-schedule/${id}`,
    };
  });
  cloud.serve(stub, DescribeRefreshScheduleCommand, (i) => {
    const schedule = qs.dataSet(i.DataSetId).schedules.get(i.ScheduleId ?? '');
    if (schedule === undefined) throw notFound(`schedule ${i.ScheduleId ?? ''}`);
    return { RefreshSchedule: { ...structuredClone(schedule), StartAfterDateTime: new Date(0) } };
  });
  cloud.serve(stub, UpdateRefreshScheduleCommand, (i) => {
    const ds = qs.dataSet(i.DataSetId);
    const schedule = required(i.Schedule, 'Schedule');
    if (!ds.schedules.has(schedule.ScheduleId ?? '')) throw notFound('schedule');
    ds.schedules.set(schedule.ScheduleId ?? '', structuredClone(schedule));
    return { ScheduleId: schedule.ScheduleId };
  });
  cloud.serve(stub, CreateIngestionCommand, (i) => {
    const ds = qs.dataSet(i.DataSetId);
    const id = required(i.IngestionId, 'IngestionId');
    ds.ingestions.push(id);
    return {
      IngestionId: id,
      IngestionStatus: 'INITIALIZED' as const,
      Arn: `${qs.arn('dataset', i.DataSetId ?? '')}/ingestion/${id}`,
    };
  });
}

function serveDashboards(qs: FakeQuickSight, stub: AwsClientStub<QuickSightClient>): void {
  const { cloud } = qs;
  const versionArn = (id: string, n: number) => `${qs.arn('dashboard', id)}/version/${n}`;
  cloud.serve(stub, CreateDashboardCommand, (i) => {
    const id = required(i.DashboardId, 'DashboardId');
    if (qs.dashboards.has(id)) throw awsError('ResourceExistsException', `${id} exists`, 409);
    qs.dashboards.set(id, {
      name: required(i.Name, 'Name'),
      versions: [structuredClone(required(i.Definition, 'Definition'))],
      published: 1,
      permissions: new FakePermissions(i.Permissions ?? []),
    });
    return { Arn: qs.arn('dashboard', id), DashboardId: id, VersionArn: versionArn(id, 1) };
  });
  cloud.serve(stub, DescribeDashboardDefinitionCommand, (i) => {
    const d = qs.dashboard(i.DashboardId);
    const latest = d.versions[d.versions.length - 1];
    return {
      DashboardId: i.DashboardId,
      Name: d.name,
      // The service answers the definition with its defaults filled in.
      Definition: { ...structuredClone(latest), Options: { WeekStart: 'SUNDAY' } } as never,
      ResourceStatus: 'CREATION_SUCCESSFUL' as const,
    };
  });
  cloud.serve(stub, UpdateDashboardCommand, (i) => {
    const d = qs.dashboard(i.DashboardId);
    d.name = required(i.Name, 'Name');
    d.versions.push(structuredClone(required(i.Definition, 'Definition')));
    return {
      DashboardId: i.DashboardId,
      VersionArn: versionArn(i.DashboardId ?? '', d.versions.length),
    };
  });
  cloud.serve(stub, UpdateDashboardPublishedVersionCommand, (i) => {
    const d = qs.dashboard(i.DashboardId);
    const n = required(i.VersionNumber, 'VersionNumber');
    if (n < 1 || n > d.versions.length) throw awsError('InvalidParameterValueException', 'version');
    d.published = n;
    return { DashboardId: i.DashboardId };
  });
  cloud.serve(stub, DescribeDashboardPermissionsCommand, (i) => ({
    DashboardId: i.DashboardId,
    Permissions: qs.dashboard(i.DashboardId).permissions.list(),
  }));
  cloud.serve(stub, UpdateDashboardPermissionsCommand, (i) => {
    qs.dashboard(i.DashboardId).permissions.update(
      i.GrantPermissions ?? [],
      i.RevokePermissions ?? [],
    );
    return {};
  });
}
