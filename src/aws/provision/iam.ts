import {
  AttachRolePolicyCommand,
  CreateRoleCommand,
  GetRoleCommand,
  GetRolePolicyCommand,
  ListAttachedRolePoliciesCommand,
  ListRoleTagsCommand,
  PutRolePolicyCommand,
  TagRoleCommand,
  UpdateAssumeRolePolicyCommand,
  type IAMClient,
} from '@aws-sdk/client-iam';
import type { Tag } from '../../core/config/tags.js';
import { roleArn } from './policies/arns.js';
import { collectPages } from './policies/paginate.js';
import { parsePolicyText, policiesEqual, type PolicyDocument } from './policies/policy-document.js';
import {
  renderInlinePolicy,
  renderTrustPolicy,
  roleSpecs,
  type InlinePolicyOptions,
  type RoleSpec,
} from './policies/role-policies.js';
import { OUTPUT, requireOutput } from './policies/step-outputs.js';
import { definedTags, missingTags, tagChange } from './policies/tag-diff.js';
import {
  isAwsError,
  StepRecorder,
  type DeploymentContext,
  type Observed,
  type ProvisionStep,
} from './step.js';

/**
 * Guide §3 in two steps, because the KMS key policy names the roles (KMS
 * rejects principals that do not exist) while the roles' policies name the key:
 * `iamRolesStep` makes the roles (trust, tags, managed policies) before the key,
 * `iamPoliciesStep` writes their inline least-privilege policies after it.
 */
export const iamRolesStep: ProvisionStep = {
  id: 'iam-roles',
  title: '§3 IAM roles',
  async run(clients, ctx) {
    const recorder = new StepRecorder('iam-roles', ctx.dryRun);
    for (const spec of roleSpecs(ctx)) {
      await ensureRole(recorder, clients.iam, ctx, spec);
      ctx.outputs.set(spec.outputKey, roleArn(ctx, spec.roleName));
    }
    return recorder.reports;
  },
};

export type IamPoliciesOptions = Omit<InlinePolicyOptions, 'kmsKeyArn'>;

/** `extraBedrockModels`: tenants' own models (tenant META `bedrockModel`) the Lambda role may invoke. */
export function createIamPoliciesStep(options: IamPoliciesOptions = {}): ProvisionStep {
  return {
    id: 'iam-policies',
    title: '§3 IAM role policies',
    async run(clients, ctx) {
      const recorder = new StepRecorder('iam-policies', ctx.dryRun);
      const kmsKeyArn = requireOutput(ctx, 'iam-policies', OUTPUT.kmsKeyArn, 'kms');
      for (const spec of roleSpecs(ctx)) {
        const desired = renderInlinePolicy(ctx, spec, { ...options, kmsKeyArn });
        await ensureInlinePolicy(recorder, clients.iam, spec, desired);
      }
      return recorder.reports;
    },
  };
}

export const iamPoliciesStep: ProvisionStep = createIamPoliciesStep();

interface RoleState {
  trust: unknown;
  tags: Tag[];
  managed: string[];
}

async function ensureRole(
  recorder: StepRecorder,
  iam: IAMClient,
  ctx: DeploymentContext,
  spec: RoleSpec,
): Promise<void> {
  const arn = roleArn(ctx, spec.roleName);
  const resource = { type: 'IAM role', name: spec.roleName, arn };
  const trust = renderTrustPolicy(ctx, spec);
  const tags = ctx.tags(spec.component);
  const state = await recorder.guard(resource, () => readRole(iam, spec.roleName));

  let observed: Observed = { state: 'missing' };
  let missingTagList: Tag[] = tags;
  let missingManaged: string[] = spec.managedPolicyArns;
  let trustDrifted = false;
  if (state !== undefined) {
    trustDrifted = !policiesEqual(state.trust, trust);
    missingTagList = missingTags(tags, state.tags);
    missingManaged = spec.managedPolicyArns.filter((p) => !state.managed.includes(p));
    const changes = [
      ...(trustDrifted ? ['trust policy'] : []),
      ...missingManaged.map((p) => `managed policy: ${p.split('/').pop() ?? p}`),
      ...[tagChange(missingTagList)].filter((c): c is string => c !== undefined),
    ];
    observed = changes.length === 0 ? { state: 'ok' } : { state: 'drifted', changes };
  }

  await recorder.ensure(resource, observed, async () => {
    const RoleName = spec.roleName;
    if (state === undefined) {
      await iam.send(
        new CreateRoleCommand({
          RoleName,
          AssumeRolePolicyDocument: JSON.stringify(trust),
          Description: spec.description,
          Tags: tags,
        }),
      );
    } else {
      if (trustDrifted) {
        await iam.send(
          new UpdateAssumeRolePolicyCommand({ RoleName, PolicyDocument: JSON.stringify(trust) }),
        );
      }
      if (missingTagList.length > 0)
        await iam.send(new TagRoleCommand({ RoleName, Tags: missingTagList }));
    }
    for (const PolicyArn of missingManaged) {
      await iam.send(new AttachRolePolicyCommand({ RoleName, PolicyArn }));
    }
    return arn;
  });
}

/** The role's trust policy, tags and attached managed policies; undefined when there is no such role. */
async function readRole(iam: IAMClient, RoleName: string): Promise<RoleState | undefined> {
  let document: string | undefined;
  try {
    document = (await iam.send(new GetRoleCommand({ RoleName }))).Role?.AssumeRolePolicyDocument;
  } catch (err) {
    if (isAwsError(err, 'NoSuchEntity', 'NoSuchEntityException')) return undefined;
    throw err;
  }
  const tags = await collectPages(async (Marker) => {
    const out = await iam.send(new ListRoleTagsCommand({ RoleName, Marker }));
    return {
      items: definedTags(out.Tags),
      next: out.IsTruncated === true ? out.Marker : undefined,
    };
  });
  const managed = await collectPages(async (Marker) => {
    const out = await iam.send(new ListAttachedRolePoliciesCommand({ RoleName, Marker }));
    return {
      items: (out.AttachedPolicies ?? []).flatMap((p) =>
        p.PolicyArn === undefined ? [] : [p.PolicyArn],
      ),
      next: out.IsTruncated === true ? out.Marker : undefined,
    };
  });
  return { trust: document === undefined ? {} : parsePolicyText(document), tags, managed };
}

async function ensureInlinePolicy(
  recorder: StepRecorder,
  iam: IAMClient,
  spec: RoleSpec,
  desired: PolicyDocument,
): Promise<void> {
  const resource = { type: 'IAM inline policy', name: `${spec.roleName}/${spec.inlinePolicyName}` };
  const request = { RoleName: spec.roleName, PolicyName: spec.inlinePolicyName };
  const current = await recorder.guard(resource, async () => {
    try {
      const out = await iam.send(new GetRolePolicyCommand(request));
      return out.PolicyDocument === undefined ? undefined : parsePolicyText(out.PolicyDocument);
    } catch (err) {
      // The role itself may be missing too (a dry run before the roles exist).
      if (isAwsError(err, 'NoSuchEntity', 'NoSuchEntityException')) return undefined;
      throw err;
    }
  });
  const observed: Observed =
    current === undefined
      ? { state: 'missing' }
      : policiesEqual(current, desired)
        ? { state: 'ok' }
        : { state: 'drifted', changes: ['policy document'] };
  await recorder.ensure(resource, observed, async () => {
    await iam.send(
      new PutRolePolicyCommand({ ...request, PolicyDocument: JSON.stringify(desired) }),
    );
  });
}
