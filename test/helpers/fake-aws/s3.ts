import {
  CreateBucketCommand,
  DeleteBucketEncryptionCommand,
  DeleteBucketLifecycleCommand,
  DeleteBucketOwnershipControlsCommand,
  DeleteBucketPolicyCommand,
  DeleteBucketTaggingCommand,
  DeletePublicAccessBlockCommand,
  GetBucketEncryptionCommand,
  GetObjectCommand,
  HeadObjectCommand,
  PutObjectCommand,
  type GetObjectCommandOutput,
  GetBucketLifecycleConfigurationCommand,
  GetBucketNotificationConfigurationCommand,
  GetBucketOwnershipControlsCommand,
  GetBucketPolicyCommand,
  GetBucketTaggingCommand,
  GetBucketVersioningCommand,
  GetPublicAccessBlockCommand,
  HeadBucketCommand,
  PutBucketEncryptionCommand,
  PutBucketLifecycleConfigurationCommand,
  PutBucketNotificationConfigurationCommand,
  PutBucketOwnershipControlsCommand,
  PutBucketPolicyCommand,
  PutBucketTaggingCommand,
  PutBucketVersioningCommand,
  PutPublicAccessBlockCommand,
  type LifecycleRule,
  type NotificationConfiguration,
  type OwnershipControls,
  type PublicAccessBlockConfiguration,
  type S3Client,
  type ServerSideEncryptionConfiguration,
  type VersioningConfiguration,
} from '@aws-sdk/client-s3';
import type { AwsClientStub } from 'aws-sdk-client-mock';
import { awsError, required, TagSet, type FakeCloud } from './cloud.js';

export interface FakeBucket {
  name: string;
  region: string;
  publicAccessBlock?: PublicAccessBlockConfiguration;
  ownership?: OwnershipControls;
  encryption: ServerSideEncryptionConfiguration;
  /** Undefined until versioning was ever configured: S3 then answers no Status. */
  versioning?: VersioningConfiguration;
  lifecycle?: LifecycleRule[];
  policy?: string;
  notification: NotificationConfiguration;
  tags: TagSet;
}

/** SSE-S3, what S3 applies to every bucket without its own encryption configuration. */
const DEFAULT_ENCRYPTION: ServerSideEncryptionConfiguration = {
  Rules: [
    { ApplyServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' }, BucketKeyEnabled: false },
  ],
};

/**
 * S3 buckets and their configuration. New buckets get what S3 gives them
 * today: Block Public Access on, ACLs disabled (BucketOwnerEnforced), SSE-S3.
 * Settings never configured answer S3's "not configured" errors.
 */
/** An object's latest version, as the RLS rules sync writes and reads it. */
export interface FakeObject {
  body: Uint8Array;
  contentType?: string;
  serverSideEncryption?: string;
  kmsKeyId?: string;
}

export class FakeS3 {
  readonly buckets = new Map<string, FakeBucket>();
  /** `bucket/key` → the object (latest version only). */
  readonly objects = new Map<string, FakeObject>();

  constructor(private readonly cloud: FakeCloud) {}

  /** The bucket a request names, checking `ExpectedBucketOwner` like S3 does. */
  bucket(input: { Bucket?: string; ExpectedBucketOwner?: string }): FakeBucket {
    const bucket = this.buckets.get(input.Bucket ?? '');
    if (bucket === undefined) {
      throw awsError('NoSuchBucket', 'The specified bucket does not exist', 404);
    }
    if (
      input.ExpectedBucketOwner !== undefined &&
      input.ExpectedBucketOwner !== this.cloud.accountId
    ) {
      throw awsError('AccessDenied', 'Access Denied', 403);
    }
    return bucket;
  }
}

export function installS3(cloud: FakeCloud, stub: AwsClientStub<S3Client>): FakeS3 {
  const s3 = new FakeS3(cloud);
  cloud.refuseUnserved(stub, 'S3');
  const notConfigured = (code: string, message: string) => awsError(code, message, 404);

  cloud.serve(stub, HeadBucketCommand, (i) => {
    if (!s3.buckets.has(i.Bucket ?? '')) throw awsError('NotFound', 'Not Found', 404);
    return { BucketRegion: s3.bucket(i).region };
  });
  cloud.serve(stub, CreateBucketCommand, (i) => {
    const name = i.Bucket ?? '';
    if (s3.buckets.has(name)) {
      throw awsError(
        'BucketAlreadyOwnedByYou',
        'Your previous request to create the named bucket succeeded and you already own it.',
        409,
      );
    }
    s3.buckets.set(name, {
      name,
      region: i.CreateBucketConfiguration?.LocationConstraint ?? 'us-east-1',
      publicAccessBlock: {
        BlockPublicAcls: true,
        IgnorePublicAcls: true,
        BlockPublicPolicy: true,
        RestrictPublicBuckets: true,
      },
      ownership: { Rules: [{ ObjectOwnership: i.ObjectOwnership ?? 'BucketOwnerEnforced' }] },
      encryption: structuredClone(DEFAULT_ENCRYPTION),
      notification: {},
      tags: new TagSet(),
    });
    return { Location: `/${name}` };
  });

  cloud.serve(stub, GetPublicAccessBlockCommand, (i) => {
    const pab = s3.bucket(i).publicAccessBlock;
    if (pab === undefined) {
      throw notConfigured(
        'NoSuchPublicAccessBlockConfiguration',
        'The public access block configuration was not found',
      );
    }
    return { PublicAccessBlockConfiguration: structuredClone(pab) };
  });
  cloud.serve(stub, PutPublicAccessBlockCommand, (i) => {
    s3.bucket(i).publicAccessBlock = structuredClone(i.PublicAccessBlockConfiguration);
    return {};
  });
  cloud.serve(stub, DeletePublicAccessBlockCommand, (i) => {
    delete s3.bucket(i).publicAccessBlock;
    return {};
  });

  cloud.serve(stub, GetBucketOwnershipControlsCommand, (i) => {
    const ownership = s3.bucket(i).ownership;
    if (ownership === undefined) {
      throw notConfigured(
        'OwnershipControlsNotFoundError',
        'The bucket ownership controls were not found',
      );
    }
    return { OwnershipControls: structuredClone(ownership) };
  });
  cloud.serve(stub, PutBucketOwnershipControlsCommand, (i) => {
    s3.bucket(i).ownership = structuredClone(i.OwnershipControls);
    return {};
  });
  cloud.serve(stub, DeleteBucketOwnershipControlsCommand, (i) => {
    delete s3.bucket(i).ownership;
    return {};
  });

  cloud.serve(stub, GetBucketEncryptionCommand, (i) => ({
    ServerSideEncryptionConfiguration: structuredClone(s3.bucket(i).encryption),
  }));
  cloud.serve(stub, PutBucketEncryptionCommand, (i) => {
    s3.bucket(i).encryption = structuredClone(
      required(i.ServerSideEncryptionConfiguration, 'ServerSideEncryptionConfiguration'),
    );
    return {};
  });
  cloud.serve(stub, DeleteBucketEncryptionCommand, (i) => {
    s3.bucket(i).encryption = structuredClone(DEFAULT_ENCRYPTION);
    return {};
  });

  cloud.serve(stub, GetBucketVersioningCommand, (i) =>
    structuredClone(s3.bucket(i).versioning ?? {}),
  );
  cloud.serve(stub, PutBucketVersioningCommand, (i) => {
    s3.bucket(i).versioning = structuredClone(i.VersioningConfiguration);
    return {};
  });

  cloud.serve(stub, GetBucketLifecycleConfigurationCommand, (i) => {
    const rules = s3.bucket(i).lifecycle;
    if (rules === undefined) {
      throw notConfigured(
        'NoSuchLifecycleConfiguration',
        'The lifecycle configuration does not exist',
      );
    }
    return {
      Rules: structuredClone(rules),
      TransitionDefaultMinimumObjectSize: 'all_storage_classes_128K' as const,
    };
  });
  cloud.serve(stub, PutBucketLifecycleConfigurationCommand, (i) => {
    s3.bucket(i).lifecycle = structuredClone(i.LifecycleConfiguration?.Rules ?? []);
    return {};
  });
  cloud.serve(stub, DeleteBucketLifecycleCommand, (i) => {
    delete s3.bucket(i).lifecycle;
    return {};
  });

  // S3 keeps a policy as a document and answers it minified, not as the text that was put.
  cloud.serve(stub, GetBucketPolicyCommand, (i) => {
    const policy = s3.bucket(i).policy;
    if (policy === undefined)
      throw notConfigured('NoSuchBucketPolicy', 'The bucket policy does not exist');
    return { Policy: JSON.stringify(JSON.parse(policy)) };
  });
  cloud.serve(stub, PutBucketPolicyCommand, (i) => {
    const bucket = s3.bucket(i);
    try {
      JSON.parse(i.Policy ?? '');
    } catch {
      throw awsError('MalformedPolicy', 'Policies must be valid JSON', 400);
    }
    bucket.policy = i.Policy;
    return {};
  });
  cloud.serve(stub, DeleteBucketPolicyCommand, (i) => {
    delete s3.bucket(i).policy;
    return {};
  });

  cloud.serve(stub, GetBucketNotificationConfigurationCommand, (i) =>
    structuredClone(s3.bucket(i).notification),
  );
  cloud.serve(stub, PutBucketNotificationConfigurationCommand, (i) => {
    s3.bucket(i).notification = structuredClone(i.NotificationConfiguration ?? {});
    return {};
  });

  cloud.serve(stub, GetBucketTaggingCommand, (i) => {
    const tags = s3.bucket(i).tags;
    if (tags.size === 0) throw notConfigured('NoSuchTagSet', 'The TagSet does not exist');
    return { TagSet: tags.list() };
  });
  cloud.serve(stub, PutBucketTaggingCommand, (i) => {
    s3.bucket(i).tags.replace(i.Tagging?.TagSet ?? []);
    return {};
  });
  cloud.serve(stub, DeleteBucketTaggingCommand, (i) => {
    s3.bucket(i).tags.replace([]);
    return {};
  });
  serveObjects(s3, cloud, stub);
  return s3;
}

function serveObjects(s3: FakeS3, cloud: FakeCloud, stub: AwsClientStub<S3Client>): void {
  cloud.serve(stub, PutObjectCommand, (i) => {
    s3.bucket(i);
    const body = i.Body;
    const bytes =
      typeof body === 'string'
        ? new TextEncoder().encode(body)
        : body instanceof Uint8Array
          ? new Uint8Array(body)
          : new Uint8Array();
    s3.objects.set(`${i.Bucket ?? ''}/${i.Key ?? ''}`, {
      body: bytes,
      ...(i.ContentType === undefined ? {} : { contentType: i.ContentType }),
      ...(i.ServerSideEncryption === undefined
        ? {}
        : { serverSideEncryption: i.ServerSideEncryption }),
      ...(i.SSEKMSKeyId === undefined ? {} : { kmsKeyId: i.SSEKMSKeyId }),
    });
    return { ETag: `"${bytes.length}"` };
  });
  cloud.serve(stub, GetObjectCommand, (i) => {
    s3.bucket(i);
    const object = s3.objects.get(`${i.Bucket ?? ''}/${i.Key ?? ''}`);
    if (object === undefined) throw awsError('NoSuchKey', 'The specified key does not exist.', 404);
    const bytes = object.body;
    const body = {
      transformToByteArray: () => Promise.resolve(new Uint8Array(bytes)),
      transformToString: () => Promise.resolve(new TextDecoder().decode(bytes)),
    } as unknown as GetObjectCommandOutput['Body'];
    return { Body: body, ContentLength: bytes.length };
  });
  cloud.serve(stub, HeadObjectCommand, (i) => {
    s3.bucket(i);
    const object = s3.objects.get(`${i.Bucket ?? ''}/${i.Key ?? ''}`);
    // HEAD has no body, so S3 answers a missing key with a bare 404 NotFound.
    if (object === undefined) throw awsError('NotFound', 'Not Found', 404);
    return { ContentLength: object.body.length };
  });
}
