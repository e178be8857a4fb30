import {
  AddTagsCommand,
  CreateTrailCommand,
  GetEventSelectorsCommand,
  GetTrailCommand,
  GetTrailStatusCommand,
  ListTagsCommand,
  PutEventSelectorsCommand,
  RemoveTagsCommand,
  StartLoggingCommand,
  StopLoggingCommand,
  UpdateTrailCommand,
  type CloudTrailClient,
  type EventSelector,
  type Trail,
  type UpdateTrailCommandInput,
} from '@aws-sdk/client-cloudtrail';
import type { AwsClientStub } from 'aws-sdk-client-mock';
import { awsError, TagSet, type FakeCloud } from './cloud.js';
import type { FakeKms } from './kms.js';
import type { FakeS3 } from './s3.js';

export interface FakeTrail {
  settings: Trail;
  selectors: EventSelector[];
  logging: boolean;
  tags: TagSet;
}

/**
 * CloudTrail trails. A trail needs its bucket and key to exist; the key is
 * stored as its full ARN, and a new trail logs all management events, as the
 * service does.
 */
export class FakeCloudTrail {
  readonly trails = new Map<string, FakeTrail>();

  trail(name: string | undefined): FakeTrail {
    const trail = this.find(name);
    if (trail === undefined) {
      throw awsError('TrailNotFoundException', `Unknown trail: ${name ?? ''} for the user`);
    }
    return trail;
  }

  find(nameOrArn: string | undefined): FakeTrail | undefined {
    const name = nameOrArn?.split(':trail/').pop() ?? '';
    return this.trails.get(name);
  }
}

const DEFAULT_SELECTORS: EventSelector[] = [
  {
    ReadWriteType: 'All',
    IncludeManagementEvents: true,
    DataResources: [],
    ExcludeManagementEventSources: [],
  },
];

export function installCloudTrail(
  cloud: FakeCloud,
  stub: AwsClientStub<CloudTrailClient>,
  deps: { s3: FakeS3; kms: FakeKms },
): FakeCloudTrail {
  const ct = new FakeCloudTrail();
  cloud.refuseUnserved(stub, 'CloudTrail');

  /** Applies the settings a CreateTrail or UpdateTrail names; absent ones stay as they were. */
  const apply = (into: Trail, i: Omit<UpdateTrailCommandInput, 'Name'>): Trail => {
    const next = { ...into };
    if (i.S3BucketName !== undefined) {
      if (!deps.s3.buckets.has(i.S3BucketName)) {
        throw awsError(
          'S3BucketDoesNotExistException',
          `S3 bucket ${i.S3BucketName} does not exist`,
        );
      }
      next.S3BucketName = i.S3BucketName;
    }
    if (i.S3KeyPrefix !== undefined) {
      if (i.S3KeyPrefix === '') delete next.S3KeyPrefix;
      else next.S3KeyPrefix = i.S3KeyPrefix;
    }
    if (i.KmsKeyId !== undefined) {
      const key = deps.kms.find(i.KmsKeyId);
      if (key === undefined)
        throw awsError('KmsKeyNotFoundException', `KMS key ${i.KmsKeyId} not found`);
      next.KmsKeyId = key.arn;
    }
    if (i.EnableLogFileValidation !== undefined)
      next.LogFileValidationEnabled = i.EnableLogFileValidation;
    if (i.IsMultiRegionTrail !== undefined) next.IsMultiRegionTrail = i.IsMultiRegionTrail;
    if (i.IncludeGlobalServiceEvents !== undefined) {
      next.IncludeGlobalServiceEvents = i.IncludeGlobalServiceEvents;
    }
    return next;
  };

  cloud.serve(stub, CreateTrailCommand, (i) => {
    const name = i.Name ?? '';
    if (ct.trails.has(name))
      throw awsError('TrailAlreadyExistsException', `Trail ${name} already exists`);
    const base: Trail = {
      Name: name,
      TrailARN: cloud.arn('cloudtrail', `trail/${name}`),
      HomeRegion: cloud.region,
      IncludeGlobalServiceEvents: true,
      IsMultiRegionTrail: false,
      LogFileValidationEnabled: false,
      IsOrganizationTrail: false,
      HasCustomEventSelectors: false,
    };
    const { TagsList, ...settings } = i;
    const trail: FakeTrail = {
      settings: apply(base, settings),
      selectors: structuredClone(DEFAULT_SELECTORS),
      logging: false,
      tags: new TagSet(TagsList ?? []),
    };
    ct.trails.set(name, trail);
    return { ...trail.settings };
  });
  cloud.serve(stub, GetTrailCommand, (i) => ({ Trail: { ...ct.trail(i.Name).settings } }));
  cloud.serve(stub, UpdateTrailCommand, (i) => {
    const trail = ct.trail(i.Name);
    trail.settings = apply(trail.settings, i);
    return { ...trail.settings };
  });

  cloud.serve(stub, GetEventSelectorsCommand, (i) => {
    const trail = ct.trail(i.TrailName);
    return { TrailARN: trail.settings.TrailARN, EventSelectors: structuredClone(trail.selectors) };
  });
  cloud.serve(stub, PutEventSelectorsCommand, (i) => {
    const trail = ct.trail(i.TrailName);
    // CloudTrail answers every selector with its optional lists present.
    trail.selectors = (i.EventSelectors ?? []).map((s) => ({
      ReadWriteType: 'All',
      IncludeManagementEvents: true,
      DataResources: [],
      ExcludeManagementEventSources: [],
      ...structuredClone(s),
    }));
    trail.settings.HasCustomEventSelectors = true;
    return { TrailARN: trail.settings.TrailARN, EventSelectors: structuredClone(trail.selectors) };
  });

  cloud.serve(stub, GetTrailStatusCommand, (i) => ({ IsLogging: ct.trail(i.Name).logging }));
  cloud.serve(stub, StartLoggingCommand, (i) => {
    ct.trail(i.Name).logging = true;
    return {};
  });
  cloud.serve(stub, StopLoggingCommand, (i) => {
    ct.trail(i.Name).logging = false;
    return {};
  });

  cloud.serve(stub, ListTagsCommand, (i) => ({
    ResourceTagList: (i.ResourceIdList ?? []).map((ResourceId) => {
      const trail = ct.find(ResourceId);
      if (trail === undefined) {
        throw awsError('CloudTrailARNInvalidException', `${ResourceId} is not a trail ARN`);
      }
      return { ResourceId, TagsList: trail.tags.list() };
    }),
  }));
  cloud.serve(stub, AddTagsCommand, (i) => {
    ct.trail(i.ResourceId).tags.add(i.TagsList ?? []);
    return {};
  });
  cloud.serve(stub, RemoveTagsCommand, (i) => {
    ct.trail(i.ResourceId).tags.remove(
      (i.TagsList ?? []).flatMap((t) => (t.Key === undefined ? [] : [t.Key])),
    );
    return {};
  });
  return ct;
}
