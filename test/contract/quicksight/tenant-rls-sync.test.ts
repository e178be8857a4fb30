import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { DeleteWorkGroupCommand } from '@aws-sdk/client-athena';
import { quicksightStep } from '../../../src/aws/provision/quicksight/quicksight-step.js';
import { addAwsTenant } from '../../../src/aws/tenant/add-tenant.js';
import { removeAwsTenant } from '../../../src/aws/tenant/remove-tenant.js';
import { mockAws } from '../../helpers/aws-mocks.js';
import type { FakeAwsAccount } from '../../helpers/fake-aws-account.js';
import { context, provisionedAccount, rlsCsv } from './quicksight-fixture.js';

const aws = mockAws();
let account: FakeAwsAccount;
let keyArn: string;
afterAll(() => aws.restore());
beforeEach(async () => {
  aws.reset();
  ({ account, keyArn } = await provisionedAccount(aws));
  await quicksightStep.run(aws.clients, context(keyArn));
  aws.mocks.athena.on(DeleteWorkGroupCommand).callsFake((input: { WorkGroup?: string }) => {
    account.athena.workgroups.delete(input.WorkGroup ?? '');
    return {};
  });
});

const ingestions = () => account.quicksight.dataSet('cci-lite-rls-rules').ingestions.length;

describe('tenant add --user and tenant remove keep the RLS rules in step', () => {
  it('adds the new users to the rules file and refreshes SPICE; removal takes them out', async () => {
    await addAwsTenant(aws.clients, context(keyArn), {
      tenantId: 'acme',
      users: ['ana@example.com', 'bo@example.com'],
    });
    await addAwsTenant(aws.clients, context(keyArn), {
      tenantId: 'globex',
      users: ['ana@example.com'],
    });

    expect(rlsCsv(account)).toBe(
      'UserName,tenant_id\nana@example.com,acme\nana@example.com,globex\nbo@example.com,acme\n',
    );
    expect(ingestions()).toBe(2);

    const reports = await removeAwsTenant(aws.clients, context(keyArn), {
      tenantId: 'acme',
      purge: false,
    });

    expect(rlsCsv(account)).toBe('UserName,tenant_id\nana@example.com,globex\n');
    expect(reports.find((r) => r.type === 'QuickSight RLS rules')?.action).toBe('updated');
    expect(ingestions()).toBe(3);
  });

  it('rechecks but does not rewrite the rules when tenant add has no new user', async () => {
    await addAwsTenant(aws.clients, context(keyArn), {
      tenantId: 'acme',
      users: ['ana@example.com'],
    });
    const before = ingestions();

    const reports = await addAwsTenant(aws.clients, context(keyArn), {
      tenantId: 'acme',
      users: ['ana@example.com'],
    });

    // Checked again (a run that failed after writing the rows is repaired), unchanged.
    expect(reports.find((r) => r.type === 'QuickSight RLS rules')?.action).toBe('unchanged');
    expect(ingestions()).toBe(before);
  });
});
