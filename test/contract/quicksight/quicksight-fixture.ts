import { CreateDatabaseCommand } from '@aws-sdk/client-glue';
import { CreateAliasCommand, CreateKeyCommand } from '@aws-sdk/client-kms';
import { CreateBucketCommand } from '@aws-sdk/client-s3';
import type { CciConfigInput } from '../../../src/core/config/schema.js';
import type { DeploymentContext } from '../../../src/aws/provision/step.js';
import { rlsRow } from '../../../src/aws/tenant/rls-users.js';
import { TEST_ACCOUNT, TEST_REGION, type mockAws } from '../../helpers/aws-mocks.js';
import { fakeAwsAccount, type FakeAwsAccount } from '../../helpers/fake-aws-account.js';
import { deploymentContext, NAMES } from '../provision/data-plane-fixture.js';

export { NAMES };
export const GROUP_ARN = `arn:aws:quicksight:${TEST_REGION}:${TEST_ACCOUNT}:group/default/cci-lite-analysts`;
export const QS_ROLE_ARN = `arn:aws:iam::${TEST_ACCOUNT}:role/cci-lite-quicksight-role`;
export const dsArn = (id: string) =>
  `arn:aws:quicksight:${TEST_REGION}:${TEST_ACCOUNT}:dataset/${id}`;
export const SOURCE_ARN = `arn:aws:quicksight:${TEST_REGION}:${TEST_ACCOUNT}:datasource/cci-lite-athena`;
export const RLS_KEY = 'quicksight/rls/rls-rules.csv';

/**
 * The fake account with what the QuickSight step finds in place after the
 * earlier init steps: the Glue database, the staging bucket and the key.
 */
export async function provisionedAccount(
  aws: ReturnType<typeof mockAws>,
): Promise<{ account: FakeAwsAccount; keyArn: string }> {
  const account = fakeAwsAccount(aws.mocks);
  await aws.clients.glue.send(
    new CreateDatabaseCommand({ DatabaseInput: { Name: NAMES.glueDatabase } }),
  );
  for (const bucket of [NAMES.inputBucket, NAMES.stagingBucket]) {
    await aws.clients.s3.send(
      new CreateBucketCommand({
        Bucket: bucket,
        CreateBucketConfiguration: { LocationConstraint: TEST_REGION },
      }),
    );
  }
  const key = await aws.clients.kms.send(
    new CreateKeyCommand({ Description: 'cci-lite master key' }),
  );
  await aws.clients.kms.send(
    new CreateAliasCommand({ AliasName: NAMES.kmsAlias, TargetKeyId: key.KeyMetadata?.KeyId }),
  );
  return { account, keyArn: key.KeyMetadata?.Arn ?? '' };
}

export function context(
  keyArn: string,
  options: { dryRun?: boolean; config?: CciConfigInput } = {},
): DeploymentContext {
  const ctx = deploymentContext(options);
  ctx.outputs.set('kmsKeyArn', keyArn);
  return ctx;
}

/** Stores RLS rows as `tenant add --user` writes them. */
export function storeRules(account: FakeAwsAccount, rules: Array<[email: string, tenant: string]>) {
  for (const [email, tenant] of rules) {
    const row = rlsRow(email, tenant);
    account.configItems.set(`${row.pk}\u0000${row.sk}`, { ...row });
  }
}

export function rlsCsv(account: FakeAwsAccount): string | undefined {
  const object = account.s3.objects.get(`${NAMES.stagingBucket}/${RLS_KEY}`);
  return object === undefined ? undefined : new TextDecoder().decode(object.body);
}
