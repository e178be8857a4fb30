import {
  BatchGetNamedQueryCommand,
  CreateNamedQueryCommand,
  CreateWorkGroupCommand,
  DeleteNamedQueryCommand,
  ListNamedQueriesCommand,
  UpdateNamedQueryCommand,
  GetWorkGroupCommand,
  ListTagsForResourceCommand,
  TagResourceCommand,
  UntagResourceCommand,
  UpdateWorkGroupCommand,
  type AthenaClient,
  type NamedQuery,
  type ResultConfiguration,
  type ResultConfigurationUpdates,
  type WorkGroup,
  type WorkGroupConfiguration,
  type WorkGroupConfigurationUpdates,
} from '@aws-sdk/client-athena';
import type { AwsClientStub } from 'aws-sdk-client-mock';
import { awsError, fakeUuid, required, TagSet, type FakeCloud } from './cloud.js';

export interface FakeWorkgroup {
  workgroup: WorkGroup;
  tags: TagSet;
}

/** Athena workgroups. A missing one answers InvalidRequestException "... is not found", as Athena does. */
export class FakeAthena {
  readonly workgroups = new Map<string, FakeWorkgroup>();
  /** Named queries by id; a token already used answers the query it created. */
  readonly namedQueries = new Map<string, NamedQuery>();
  readonly tokens = new Map<string, string>();
  private nextId = 1;

  newId(): string {
    return fakeUuid(this.nextId++);
  }

  namedQuery(id: string | undefined): NamedQuery {
    const q = this.namedQueries.get(id ?? '');
    if (q === undefined) throw awsError('InvalidRequestException', 'NamedQuery not found');
    return q;
  }

  constructor(private readonly cloud: FakeCloud) {}

  workgroup(name: string | undefined): FakeWorkgroup {
    const wg = this.workgroups.get(name ?? '');
    if (wg === undefined)
      throw awsError('InvalidRequestException', `WorkGroup ${name ?? ''} is not found.`);
    return wg;
  }

  byArn(arn: string | undefined): FakeWorkgroup {
    const prefix = this.cloud.arn('athena', 'workgroup/');
    const wg =
      arn?.startsWith(prefix) === true ? this.workgroups.get(arn.slice(prefix.length)) : undefined;
    if (wg === undefined) throw awsError('ResourceNotFoundException', `${arn ?? ''} not found`);
    return wg;
  }
}

function applyResultUpdates(
  current: ResultConfiguration | undefined,
  u: ResultConfigurationUpdates,
): ResultConfiguration {
  const next: ResultConfiguration = { ...current };
  if (u.RemoveOutputLocation === true) delete next.OutputLocation;
  else if (u.OutputLocation !== undefined) next.OutputLocation = u.OutputLocation;
  if (u.RemoveEncryptionConfiguration === true) delete next.EncryptionConfiguration;
  else if (u.EncryptionConfiguration !== undefined)
    next.EncryptionConfiguration = { ...u.EncryptionConfiguration };
  if (u.RemoveExpectedBucketOwner === true) delete next.ExpectedBucketOwner;
  else if (u.ExpectedBucketOwner !== undefined) next.ExpectedBucketOwner = u.ExpectedBucketOwner;
  if (u.RemoveAclConfiguration === true) delete next.AclConfiguration;
  else if (u.AclConfiguration !== undefined) next.AclConfiguration = { ...u.AclConfiguration };
  return next;
}

function applyUpdates(
  current: WorkGroupConfiguration | undefined,
  u: WorkGroupConfigurationUpdates,
): WorkGroupConfiguration {
  const next: WorkGroupConfiguration = { ...current };
  if (u.EnforceWorkGroupConfiguration !== undefined)
    next.EnforceWorkGroupConfiguration = u.EnforceWorkGroupConfiguration;
  if (u.PublishCloudWatchMetricsEnabled !== undefined) {
    next.PublishCloudWatchMetricsEnabled = u.PublishCloudWatchMetricsEnabled;
  }
  if (u.RemoveBytesScannedCutoffPerQuery === true) delete next.BytesScannedCutoffPerQuery;
  else if (u.BytesScannedCutoffPerQuery !== undefined)
    next.BytesScannedCutoffPerQuery = u.BytesScannedCutoffPerQuery;
  if (u.RequesterPaysEnabled !== undefined) next.RequesterPaysEnabled = u.RequesterPaysEnabled;
  if (u.ResultConfigurationUpdates !== undefined) {
    next.ResultConfiguration = applyResultUpdates(
      next.ResultConfiguration,
      u.ResultConfigurationUpdates,
    );
  }
  return next;
}

export function installAthena(cloud: FakeCloud, stub: AwsClientStub<AthenaClient>): FakeAthena {
  const athena = new FakeAthena(cloud);
  cloud.refuseUnserved(stub, 'Athena');

  cloud.serve(stub, CreateWorkGroupCommand, (i) => {
    const name = i.Name ?? '';
    if (athena.workgroups.has(name))
      throw awsError('InvalidRequestException', 'WorkGroup is already created');
    athena.workgroups.set(name, {
      workgroup: {
        Name: name,
        State: 'ENABLED',
        CreationTime: new Date(),
        ...(i.Description === undefined ? {} : { Description: i.Description }),
        Configuration: {
          RequesterPaysEnabled: false,
          EngineVersion: {
            SelectedEngineVersion: 'AUTO',
            EffectiveEngineVersion: 'Athena engine version 3',
          },
          ...structuredClone(i.Configuration),
        },
      },
      tags: new TagSet(i.Tags ?? []),
    });
    return {};
  });
  cloud.serve(stub, GetWorkGroupCommand, (i) => ({
    WorkGroup: structuredClone(athena.workgroup(i.WorkGroup).workgroup),
  }));
  cloud.serve(stub, UpdateWorkGroupCommand, (i) => {
    const wg = athena.workgroup(i.WorkGroup).workgroup;
    if (i.Description !== undefined) wg.Description = i.Description;
    if (i.State !== undefined) wg.State = i.State;
    if (i.ConfigurationUpdates !== undefined) {
      wg.Configuration = applyUpdates(wg.Configuration, i.ConfigurationUpdates);
    }
    return {};
  });

  cloud.serve(stub, CreateNamedQueryCommand, (i) => {
    const token = i.ClientRequestToken;
    const known = token === undefined ? undefined : athena.tokens.get(token);
    if (known !== undefined) return { NamedQueryId: known };
    const workgroup = i.WorkGroup ?? 'primary';
    if (workgroup !== 'primary') athena.workgroup(workgroup);
    const id = athena.newId();
    athena.namedQueries.set(id, {
      NamedQueryId: id,
      Name: required(i.Name, 'Name'),
      Database: required(i.Database, 'Database'),
      QueryString: required(i.QueryString, 'QueryString'),
      WorkGroup: workgroup,
      ...(i.Description === undefined ? {} : { Description: i.Description }),
    });
    if (token !== undefined) athena.tokens.set(token, id);
    return { NamedQueryId: id };
  });
  cloud.serve(stub, ListNamedQueriesCommand, (i) => {
    const workgroup = i.WorkGroup ?? 'primary';
    if (workgroup !== 'primary') athena.workgroup(workgroup);
    const ids = [...athena.namedQueries.values()]
      .filter((q) => q.WorkGroup === workgroup)
      .map((q) => q.NamedQueryId ?? '');
    const start = Number(i.NextToken ?? '0');
    const size = i.MaxResults ?? 50;
    const next = start + size < ids.length ? String(start + size) : undefined;
    return {
      NamedQueryIds: ids.slice(start, start + size),
      ...(next === undefined ? {} : { NextToken: next }),
    };
  });
  cloud.serve(stub, BatchGetNamedQueryCommand, (i) => {
    const ids = i.NamedQueryIds ?? [];
    return {
      NamedQueries: ids.flatMap((id) => {
        const q = athena.namedQueries.get(id);
        return q === undefined ? [] : [structuredClone(q)];
      }),
      UnprocessedNamedQueryIds: ids
        .filter((id) => !athena.namedQueries.has(id))
        .map((id) => ({ NamedQueryId: id, ErrorCode: 'INVALID_INPUT' })),
    };
  });
  cloud.serve(stub, UpdateNamedQueryCommand, (i) => {
    const q = athena.namedQuery(i.NamedQueryId);
    q.Name = required(i.Name, 'Name');
    q.QueryString = required(i.QueryString, 'QueryString');
    if (i.Description === undefined) delete q.Description;
    else q.Description = i.Description;
    return {};
  });
  cloud.serve(stub, DeleteNamedQueryCommand, (i) => {
    athena.namedQuery(i.NamedQueryId);
    athena.namedQueries.delete(i.NamedQueryId ?? '');
    return {};
  });

  cloud.serve(stub, ListTagsForResourceCommand, (i) => ({
    Tags: athena.byArn(i.ResourceARN).tags.list(),
  }));
  cloud.serve(stub, TagResourceCommand, (i) => {
    athena.byArn(i.ResourceARN).tags.add(i.Tags ?? []);
    return {};
  });
  cloud.serve(stub, UntagResourceCommand, (i) => {
    athena.byArn(i.ResourceARN).tags.remove(i.TagKeys);
    return {};
  });
  return athena;
}
