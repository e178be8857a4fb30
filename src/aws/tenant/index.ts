/** The aws-target tenant engines the `tenant` and `qa-template push` commands call. */
export { addAwsTenant, type AddAwsTenantInput } from './add-tenant.js';
export { listAwsTenants, type AwsTenantSummary } from './list-tenants.js';
export { removeAwsTenant, type RemovalReport } from './remove-tenant.js';
export {
  pushAwsTemplate,
  type PushAwsTemplateInput,
  type PushAwsTemplateResult,
} from './push-template.js';
