import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../../src/config/load-config.js';
import { deriveResourceNames, tenantWorkgroup } from '../../../src/core/config/resource-names.js';
import { standardTags, tagsToRecord } from '../../../src/core/config/tags.js';
import { DEFAULT_BEDROCK_MODEL } from '../../../src/core/config/schema.js';
import { CciError } from '../../../src/core/errors.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'cci-config-'));
});

async function errorOf(p: Promise<unknown>): Promise<CciError> {
  try {
    await p;
  } catch (err) {
    expect(err).toBeInstanceOf(CciError);
    return err as CciError;
  }
  throw new Error('expected an error');
}

describe('loadConfig', () => {
  it('fills every default when there is no file', async () => {
    const { config, path } = await loadConfig({ cwd: dir });
    expect(path).toBeUndefined();
    expect(config).toEqual({
      target: 'local',
      environment: 'Dev',
      workspace: '.cci-lite',
      region: 'eu-central-1',
      bedrockModel: DEFAULT_BEDROCK_MODEL,
      qaTemplateKey: 'QA_TEMPLATE#v1',
      quicksight: { groupName: 'cci-lite-analysts', namespace: 'default', refreshTimeUtc: '03:00' },
      tags: { Owner: 'Conversant', CostCenter: 'CCI', Version: 'v1.3' },
    });
  });

  it('reads cci-lite.config.json and lets command-line options win', async () => {
    await writeFile(
      join(dir, 'cci-lite.config.json'),
      JSON.stringify({
        target: 'aws',
        region: 'us-east-1',
        accountId: '123456789012',
        environment: 'Production',
      }),
    );
    const { config, path } = await loadConfig({ cwd: dir, overrides: { region: 'eu-west-1' } });
    expect(path).toBe(join(dir, 'cci-lite.config.json'));
    expect(config).toMatchObject({ target: 'aws', region: 'eu-west-1', accountId: '123456789012' });
  });

  it('names each bad field', async () => {
    await writeFile(
      join(dir, 'c.json'),
      JSON.stringify({
        target: 'gcp',
        accountId: '12',
        region: 'Frankfurt',
        tags: { Owner: '' },
        extra: 1,
      }),
    );
    const err = await errorOf(loadConfig({ cwd: dir, configPath: 'c.json' }));
    expect(err.code).toBe('INVALID_CONFIG');
    expect(err.exitCode).toBe(2);
    const paths = (err.details as Array<{ path: string }>).map((d) => d.path).sort();
    expect(paths).toEqual(['accountId', 'extra', 'region', 'tags.Owner', 'target']);
    expect(err.message).toContain('accountId: must be a 12-digit AWS account id');
  });

  it('fails clearly on a missing explicit file and on bad JSON', async () => {
    expect((await errorOf(loadConfig({ cwd: dir, configPath: 'nope.json' }))).code).toBe(
      'CONFIG_NOT_FOUND',
    );
    await writeFile(join(dir, 'cci-lite.config.json'), '{ "target": "aws", }');
    const err = await errorOf(loadConfig({ cwd: dir }));
    expect(err.code).toBe('INVALID_JSON');
    expect(err.hint).toMatch(/trailing commas/);
  });
});

describe('resource names and tags', () => {
  it('derives the guide §0 names from account and region', () => {
    const n = deriveResourceNames('111122223333', 'eu-central-1');
    expect(n.inputBucket).toBe('cci-lite-input-111122223333-eu-central-1');
    expect(n.resultsBucket).toBe('cci-lite-results-111122223333-eu-central-1');
    expect(n.stagingBucket).toBe('cci-lite-athena-staging-111122223333-eu-central-1');
    expect(n.kmsAlias).toBe('alias/cci-lite-master-key');
    expect(n.configTable).toBe('cci-lite-config');
    expect(n.snsTopic).toBe('TranscribeJobStatusTopic');
    expect(n.objectCreatedRule).toBe('S3ObjectCreatedToJobInit');
    expect(tenantWorkgroup('demo-tenant')).toBe('tenant-demo-tenant');
  });

  it('carries the tagging table, with Tenant only when given', () => {
    const cfg = {
      environment: 'Production' as const,
      region: 'eu-central-1',
      tags: { Owner: 'Conversant', CostCenter: 'CCI', Version: 'v1.3' },
    };
    expect(tagsToRecord(standardTags(cfg, 'S3-Input'))).toEqual({
      Project: 'CCI-Lite',
      Environment: 'Production',
      Owner: 'Conversant',
      Component: 'S3-Input',
      Region: 'eu-central-1',
      KMSKey: 'alias/cci-lite-master-key',
      CostCenter: 'CCI',
      Version: 'v1.3',
    });
    expect(tagsToRecord(standardTags(cfg, 'Athena', 'demo-tenant')).Tenant).toBe('demo-tenant');
  });
});
