import {
  DeleteRoleCommand,
  DeleteRolePolicyCommand,
  DetachRolePolicyCommand,
  GetRoleCommand,
  GetRolePolicyCommand,
  ListAttachedRolePoliciesCommand,
  ListRolePoliciesCommand,
  type IAMClient,
} from '@aws-sdk/client-iam';
import { collectPages } from '../provision/policies/paginate.js';
import { roleSpecs } from '../provision/policies/role-policies.js';
import { missingWhen } from './destroy-recorder.js';
import type { DestroyStep } from './destroy-step.js';

const missing = missingWhen('NoSuchEntity', 'NoSuchEntityException');

/**
 * Guide §3 in reverse: the inline policies `init` wrote, then the roles. IAM
 * refuses to delete a role that still has policies, so whatever is left on it
 * (the managed policies init attached, or ones an operator added) is detached
 * or deleted first.
 */
export const iamDestroyStep: DestroyStep = {
  id: 'iam',
  title: '§3 IAM roles',
  async run(clients, ctx, r) {
    const iam = clients.iam;
    const specs = roleSpecs(ctx.deployment).reverse();
    for (const spec of specs) {
      const request = { RoleName: spec.roleName, PolicyName: spec.inlinePolicyName };
      await r.readAndRemove(
        { type: 'IAM inline policy', name: `${spec.roleName}/${spec.inlinePolicyName}` },
        async () => (await iam.send(new GetRolePolicyCommand(request))).PolicyName,
        () => iam.send(new DeleteRolePolicyCommand(request)),
        missing,
      );
    }
    for (const spec of specs) {
      const RoleName = spec.roleName;
      await r.readAndRemove(
        { type: 'IAM role', name: RoleName },
        async () => (await iam.send(new GetRoleCommand({ RoleName }))).Role,
        async () => {
          await emptyRole(iam, RoleName);
          await iam.send(new DeleteRoleCommand({ RoleName }));
        },
        missing,
      );
    }
  },
};

async function emptyRole(iam: IAMClient, RoleName: string): Promise<void> {
  const attached = await collectPages(async (Marker) => {
    const page = await iam.send(new ListAttachedRolePoliciesCommand({ RoleName, Marker }));
    return {
      items: page.AttachedPolicies,
      next: page.IsTruncated === true ? page.Marker : undefined,
    };
  });
  for (const { PolicyArn } of attached) {
    if (PolicyArn !== undefined)
      await iam.send(new DetachRolePolicyCommand({ RoleName, PolicyArn }));
  }
  const inline = await collectPages(async (Marker) => {
    const page = await iam.send(new ListRolePoliciesCommand({ RoleName, Marker }));
    return { items: page.PolicyNames, next: page.IsTruncated === true ? page.Marker : undefined };
  });
  for (const PolicyName of inline) {
    await iam.send(new DeleteRolePolicyCommand({ RoleName, PolicyName }));
  }
}
