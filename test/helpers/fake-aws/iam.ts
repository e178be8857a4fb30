import {
  AttachRolePolicyCommand,
  CreateRoleCommand,
  DeleteRolePolicyCommand,
  DetachRolePolicyCommand,
  GetRoleCommand,
  GetRolePolicyCommand,
  ListAttachedRolePoliciesCommand,
  ListRolePoliciesCommand,
  ListRoleTagsCommand,
  PutRolePolicyCommand,
  TagRoleCommand,
  UntagRoleCommand,
  UpdateAssumeRolePolicyCommand,
  type IAMClient,
  type Role,
} from '@aws-sdk/client-iam';
import type { AwsClientStub } from 'aws-sdk-client-mock';
import { awsError, TagSet, type FakeCloud } from './cloud.js';

export interface FakeRole {
  name: string;
  arn: string;
  id: string;
  description?: string;
  created: Date;
  /** Trust policy text as put; IAM answers it URL-encoded. */
  trust: string;
  tags: TagSet;
  managed: Set<string>;
  /** Inline policy name to document text. */
  inline: Map<string, string>;
}

/** IAM roles with trust, tags, managed and inline policies; documents come back URL-encoded. */
export class FakeIam {
  readonly roles = new Map<string, FakeRole>();

  role(name: string | undefined): FakeRole {
    const role = this.roles.get(name ?? '');
    if (role === undefined) {
      throw awsError(
        'NoSuchEntityException',
        `The role with name ${name ?? ''} cannot be found.`,
        404,
      );
    }
    return role;
  }
}

function checkDocument(text: string | undefined): string {
  try {
    JSON.parse(text ?? '');
  } catch {
    throw awsError('MalformedPolicyDocumentException', 'This policy contains invalid Json');
  }
  return text ?? '';
}

export function installIam(cloud: FakeCloud, stub: AwsClientStub<IAMClient>): FakeIam {
  const iam = new FakeIam();
  cloud.refuseUnserved(stub, 'IAM');

  const describe = (r: FakeRole): Role => ({
    Path: '/',
    RoleName: r.name,
    RoleId: r.id,
    Arn: r.arn,
    CreateDate: r.created,
    AssumeRolePolicyDocument: encodeURIComponent(r.trust),
    ...(r.description === undefined ? {} : { Description: r.description }),
    MaxSessionDuration: 3600,
    ...(r.tags.size === 0 ? {} : { Tags: r.tags.list() }),
  });

  cloud.serve(stub, CreateRoleCommand, (i) => {
    const name = i.RoleName ?? '';
    if (iam.roles.has(name)) {
      throw awsError('EntityAlreadyExistsException', `Role with name ${name} already exists.`, 409);
    }
    const role: FakeRole = {
      name,
      arn: `arn:${cloud.partition}:iam::${cloud.accountId}:role${i.Path ?? '/'}${name}`,
      id: `AROA${String(iam.roles.size + 1).padStart(17, '0')}`,
      ...(i.Description === undefined ? {} : { description: i.Description }),
      created: new Date(),
      trust: checkDocument(i.AssumeRolePolicyDocument),
      tags: new TagSet(i.Tags ?? []),
      managed: new Set(),
      inline: new Map(),
    };
    iam.roles.set(name, role);
    return { Role: describe(role) };
  });
  cloud.serve(stub, GetRoleCommand, (i) => ({ Role: describe(iam.role(i.RoleName)) }));
  cloud.serve(stub, UpdateAssumeRolePolicyCommand, (i) => {
    iam.role(i.RoleName).trust = checkDocument(i.PolicyDocument);
    return {};
  });

  cloud.serve(stub, ListRoleTagsCommand, (i) => ({
    Tags: iam.role(i.RoleName).tags.list(),
    IsTruncated: false,
  }));
  cloud.serve(stub, TagRoleCommand, (i) => {
    iam.role(i.RoleName).tags.add(i.Tags ?? []);
    return {};
  });
  cloud.serve(stub, UntagRoleCommand, (i) => {
    iam.role(i.RoleName).tags.remove(i.TagKeys);
    return {};
  });

  cloud.serve(stub, AttachRolePolicyCommand, (i) => {
    iam.role(i.RoleName).managed.add(i.PolicyArn ?? '');
    return {};
  });
  cloud.serve(stub, DetachRolePolicyCommand, (i) => {
    const role = iam.role(i.RoleName);
    if (!role.managed.delete(i.PolicyArn ?? '')) {
      throw awsError('NoSuchEntityException', `Policy ${i.PolicyArn ?? ''} was not found.`, 404);
    }
    return {};
  });
  cloud.serve(stub, ListAttachedRolePoliciesCommand, (i) => ({
    AttachedPolicies: [...iam.role(i.RoleName).managed].map((PolicyArn) => ({
      PolicyArn,
      PolicyName: PolicyArn.split('/').pop(),
    })),
    IsTruncated: false,
  }));

  cloud.serve(stub, PutRolePolicyCommand, (i) => {
    iam.role(i.RoleName).inline.set(i.PolicyName ?? '', checkDocument(i.PolicyDocument));
    return {};
  });
  cloud.serve(stub, GetRolePolicyCommand, (i) => {
    const role = iam.role(i.RoleName);
    const document = role.inline.get(i.PolicyName ?? '');
    if (document === undefined) {
      throw awsError(
        'NoSuchEntityException',
        `The role policy with name ${i.PolicyName ?? ''} cannot be found.`,
        404,
      );
    }
    return {
      RoleName: role.name,
      PolicyName: i.PolicyName,
      PolicyDocument: encodeURIComponent(document),
    };
  });
  cloud.serve(stub, DeleteRolePolicyCommand, (i) => {
    if (!iam.role(i.RoleName).inline.delete(i.PolicyName ?? '')) {
      throw awsError(
        'NoSuchEntityException',
        `The role policy ${i.PolicyName ?? ''} cannot be found.`,
        404,
      );
    }
    return {};
  });
  cloud.serve(stub, ListRolePoliciesCommand, (i) => ({
    PolicyNames: [...iam.role(i.RoleName).inline.keys()],
    IsTruncated: false,
  }));
  return iam;
}
