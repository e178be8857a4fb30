import { describe, expect, it } from 'vitest';
import { bucketSpec } from '../../src/aws/provision/policies/bucket-settings.js';
import { buildKeyPolicy } from '../../src/aws/provision/policies/key-policy.js';
import { policyDocument } from '../../src/aws/provision/policies/policy-document.js';
import { TEST_ACCOUNT } from '../helpers/aws-mocks.js';
import { allPolicies, asList } from './fixtures/all-policies.js';
import { TEST_KEY_ARN, testDeployment } from './fixtures/deployment.js';
import { anonymousPrincipal, decide } from './fixtures/simulate.js';

const ctx = testDeployment();
const KINDS = ['input', 'results', 'staging', 'trail'] as const;
const specs = KINDS.map((k) => bucketSpec(ctx, k, TEST_KEY_ARN));
const allS3 = policyDocument([{ Effect: 'Allow', Action: 's3:*', Resource: '*' }]);
const admin = `arn:aws:iam::${TEST_ACCOUNT}:role/Admin`;

describe('TLS only', () => {
  it.each(specs.map((s) => [s.kind, s] as const))(
    'the %s bucket denies requests without TLS, even to an administrator',
    async (_kind, spec) => {
      for (const [action, resource] of [
        ['s3:GetObject', `${spec.arn}/a/x.json`],
        ['s3:PutObject', `${spec.arn}/a/x.json`],
        ['s3:ListBucket', spec.arn],
      ] as const) {
        const ask = {
          principal: admin,
          action,
          resource,
          identity: [allS3],
          resourcePolicy: spec.policy,
        };
        expect(await decide({ ...ask, tls: false })).toBe('ExplicitlyDenied');
        expect(await decide(ask)).toBe('Allowed');
      }
    },
  );
});

describe('nothing is public', () => {
  it.each(specs.map((s) => [s.kind, s] as const))(
    'the %s bucket gives anonymous callers nothing',
    async (_k, spec) => {
      for (const [action, resource] of [
        ['s3:GetObject', `${spec.arn}/a/2025/01/01/x.json`],
        ['s3:PutObject', `${spec.arn}/a/calls/x.wav`],
        ['s3:ListBucket', spec.arn],
      ] as const) {
        const decision = await decide({
          principal: anonymousPrincipal,
          action,
          resource,
          resourcePolicy: spec.policy,
          context: { 's3:ExistingObjectTag/tenant_id': 'a', 's3:prefix': 'a/' },
        });
        expect(decision).not.toBe('Allowed');
      }
    },
  );

  it('the master key gives anonymous callers and other accounts nothing', async () => {
    const keyPolicy = buildKeyPolicy(ctx);
    expect(
      await decide({
        principal: anonymousPrincipal,
        action: 'kms:Decrypt',
        resource: TEST_KEY_ARN,
        resourcePolicy: keyPolicy,
      }),
    ).not.toBe('Allowed');
    const outsider = await decide({
      principal: 'arn:aws:iam::999988887777:role/Admin',
      action: 'kms:Decrypt',
      resource: TEST_KEY_ARN,
      resourcePolicy: keyPolicy,
      identity: [policyDocument([{ Effect: 'Allow', Action: 'kms:*', Resource: '*' }])],
      context: {
        'kms:CallerAccount': '999988887777',
        'kms:ViaService': 's3.eu-central-1.amazonaws.com',
      },
    });
    expect(outsider).not.toBe('Allowed');
  });

  it("another account's principal tagged as a tenant reads no results", async () => {
    const results = bucketSpec(ctx, 'results', TEST_KEY_ARN);
    const decision = await decide({
      principal: 'arn:aws:iam::999988887777:role/analyst-a',
      action: 's3:GetObject',
      resource: `${results.arn}/a/2025/01/01/x.json`,
      resourcePolicy: results.policy,
      identity: [allS3],
      context: { 'aws:PrincipalTag/tenant_id': 'a', 's3:ExistingObjectTag/tenant_id': 'a' },
    });
    expect(decision).not.toBe('Allowed');
  });

  it('no policy allows "*" as principal without tying it to this account', () => {
    for (const { name, document } of allPolicies()) {
      for (const s of document.Statement) {
        const principals =
          s.Principal === '*' ? ['*'] : Object.values(s.Principal ?? {}).flatMap(asList);
        if (s.Effect !== 'Allow' || !principals.includes('*')) continue;
        const keys = Object.values(s.Condition ?? {}).flatMap((block) => Object.keys(block));
        expect(keys, `${name} ${s.Sid ?? ''}`).toEqual(
          expect.arrayContaining([
            expect.stringMatching(/^(aws:PrincipalAccount|kms:CallerAccount)$/),
          ]),
        );
        const account =
          s.Condition?.StringEquals?.['aws:PrincipalAccount'] ??
          s.Condition?.StringEquals?.['kms:CallerAccount'];
        expect(account, `${name} ${s.Sid ?? ''}`).toBe(TEST_ACCOUNT);
      }
      expect(
        document.Statement.some((s) => s.NotPrincipal !== undefined),
        name,
      ).toBe(false);
    }
  });

  it('no identity policy allows every action of a service or "*"', () => {
    for (const { name, kind, document } of allPolicies()) {
      if (kind !== 'identity') continue;
      for (const s of document.Statement) {
        for (const action of asList(s.Action))
          expect(action, `${name} ${s.Sid ?? ''}`).not.toMatch(/(^\*$|:\*$)/);
      }
    }
  });
});
