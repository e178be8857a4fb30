import {
  CreateAliasCommand,
  CreateKeyCommand,
  DescribeKeyCommand,
  DisableKeyCommand,
  DisableKeyRotationCommand,
  EnableKeyCommand,
  EnableKeyRotationCommand,
  GetKeyPolicyCommand,
  GetKeyRotationStatusCommand,
  ListResourceTagsCommand,
  PutKeyPolicyCommand,
  ScheduleKeyDeletionCommand,
  TagResourceCommand,
  UntagResourceCommand,
  type KeyMetadata,
  type KeyState,
  type KMSClient,
} from '@aws-sdk/client-kms';
import type { AwsClientStub } from 'aws-sdk-client-mock';
import { awsError, fakeUuid, TagSet, type FakeCloud } from './cloud.js';

export interface FakeKey {
  id: string;
  arn: string;
  description: string;
  /** The policy text as last put; KMS answers it re-serialised. */
  policy: string;
  rotation: boolean;
  state: KeyState;
  tags: TagSet;
}

/**
 * KMS keys and aliases. A key is found by id, key ARN, alias name or alias
 * ARN, as KMS does; a missing one answers NotFoundException.
 */
export class FakeKms {
  readonly keys = new Map<string, FakeKey>();
  /** Alias name (`alias/...`) to key id. */
  readonly aliases = new Map<string, string>();

  constructor(private readonly cloud: FakeCloud) {}

  find(ref: string | undefined): FakeKey | undefined {
    if (ref === undefined) return undefined;
    const aliasPrefix = this.cloud.arn('kms', '');
    const alias = ref.startsWith(aliasPrefix) ? ref.slice(aliasPrefix.length) : ref;
    const id = this.aliases.get(alias) ?? ref.split(':key/').pop() ?? ref;
    return this.keys.get(id);
  }

  get(ref: string | undefined): FakeKey {
    const key = this.find(ref);
    if (key === undefined) {
      throw awsError('NotFoundException', `Key '${ref ?? ''}' does not exist`);
    }
    return key;
  }

  /** A key usable for encryption, the way services check `KMSMasterKeyId` on create. */
  usable(ref: string | undefined): FakeKey {
    const key = this.get(ref);
    if (key.state !== 'Enabled') {
      throw awsError('KMSInvalidStateException', `${key.arn} is ${key.state}`);
    }
    return key;
  }
}

export function installKms(cloud: FakeCloud, stub: AwsClientStub<KMSClient>): FakeKms {
  const kms = new FakeKms(cloud);
  cloud.refuseUnserved(stub, 'KMS');

  const metadata = (key: FakeKey): KeyMetadata => ({
    AWSAccountId: cloud.accountId,
    KeyId: key.id,
    Arn: key.arn,
    Description: key.description,
    Enabled: key.state === 'Enabled',
    KeyState: key.state,
    KeyUsage: 'ENCRYPT_DECRYPT',
    KeySpec: 'SYMMETRIC_DEFAULT',
    CustomerMasterKeySpec: 'SYMMETRIC_DEFAULT',
    EncryptionAlgorithms: ['SYMMETRIC_DEFAULT'],
    KeyManager: 'CUSTOMER',
    Origin: 'AWS_KMS',
    MultiRegion: false,
  });

  cloud.serve(stub, CreateKeyCommand, (i) => {
    const id = fakeUuid(kms.keys.size + 1);
    const key: FakeKey = {
      id,
      arn: cloud.arn('kms', `key/${id}`),
      description: i.Description ?? '',
      policy: i.Policy ?? defaultKeyPolicy(cloud),
      rotation: false,
      state: 'Enabled',
      tags: new TagSet((i.Tags ?? []).map((t) => ({ Key: t.TagKey, Value: t.TagValue }))),
    };
    kms.keys.set(id, key);
    return { KeyMetadata: metadata(key) };
  });
  cloud.serve(stub, DescribeKeyCommand, (i) => ({ KeyMetadata: metadata(kms.get(i.KeyId)) }));
  cloud.serve(stub, CreateAliasCommand, (i) => {
    const name = i.AliasName ?? '';
    if (!name.startsWith('alias/') || name.startsWith('alias/aws/')) {
      throw awsError('InvalidAliasNameException', `Alias ${name} is not valid`);
    }
    if (kms.aliases.has(name)) {
      throw awsError('AlreadyExistsException', `An alias with the name ${name} already exists`);
    }
    kms.aliases.set(name, kms.get(i.TargetKeyId).id);
    return {};
  });
  // KMS hands a key policy back re-serialised, not as the text that was put.
  cloud.serve(stub, GetKeyPolicyCommand, (i) => ({
    Policy: JSON.stringify(JSON.parse(kms.get(i.KeyId).policy), null, 2),
    PolicyName: 'default',
  }));
  cloud.serve(stub, PutKeyPolicyCommand, (i) => {
    const key = kms.get(i.KeyId);
    JSON.parse(i.Policy ?? '');
    key.policy = i.Policy ?? '';
    return {};
  });
  cloud.serve(stub, GetKeyRotationStatusCommand, (i) => {
    const key = kms.get(i.KeyId);
    return { KeyId: key.id, KeyRotationEnabled: key.rotation };
  });
  cloud.serve(stub, EnableKeyRotationCommand, (i) => {
    kms.usable(i.KeyId).rotation = true;
    return {};
  });
  cloud.serve(stub, DisableKeyRotationCommand, (i) => {
    kms.usable(i.KeyId).rotation = false;
    return {};
  });
  cloud.serve(stub, EnableKeyCommand, (i) => {
    kms.get(i.KeyId).state = 'Enabled';
    return {};
  });
  cloud.serve(stub, DisableKeyCommand, (i) => {
    kms.get(i.KeyId).state = 'Disabled';
    return {};
  });
  cloud.serve(stub, ScheduleKeyDeletionCommand, (i) => {
    const key = kms.get(i.KeyId);
    key.state = 'PendingDeletion';
    return { KeyId: key.arn, KeyState: key.state, PendingWindowInDays: i.PendingWindowInDays };
  });
  cloud.serve(stub, ListResourceTagsCommand, (i) => ({
    Tags: kms
      .get(i.KeyId)
      .tags.list()
      .map((t) => ({ TagKey: t.Key, TagValue: t.Value })),
    Truncated: false,
  }));
  cloud.serve(stub, TagResourceCommand, (i) => {
    kms.get(i.KeyId).tags.add((i.Tags ?? []).map((t) => ({ Key: t.TagKey, Value: t.TagValue })));
    return {};
  });
  cloud.serve(stub, UntagResourceCommand, (i) => {
    kms.get(i.KeyId).tags.remove(i.TagKeys);
    return {};
  });
  return kms;
}

/** The policy KMS gives a key created without one: the account administers it. */
function defaultKeyPolicy(cloud: FakeCloud): string {
  return JSON.stringify({
    Version: '2012-10-17',
    Id: 'key-default-1',
    Statement: [
      {
        Sid: 'Enable IAM User Permissions',
        Effect: 'Allow',
        Principal: { AWS: `arn:${cloud.partition}:iam::${cloud.accountId}:root` },
        Action: 'kms:*',
        Resource: '*',
      },
    ],
  });
}
