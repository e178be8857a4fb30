import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command } from 'commander';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  DescribeLogGroupsCommand,
  ListTagsForResourceCommand,
  PutRetentionPolicyCommand,
} from '@aws-sdk/client-cloudwatch-logs';
import { GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import { logGroupsStep } from '../../../src/aws/lambda/deploy/log-groups.js';
import type { DeployLambdasResult } from '../../../src/aws/lambda/deploy-lambdas.js';
import type { CommandContext, GlobalOptions } from '../../../src/commands/command.js';
import {
  createDeployLambdasCommand,
  deployLambdasCommand,
} from '../../../src/commands/deploy-lambdas.js';
import { COMMANDS } from '../../../src/commands/index.js';
import { ConfigSchema, type CciConfigInput } from '../../../src/core/config/schema.js';
import { mockAws, TEST_ACCOUNT, TEST_REGION } from '../../helpers/aws-mocks.js';
import { runCliCaptured } from '../../helpers/capture-io.js';
import { sentCommands } from '../../helpers/fake-aws-account.js';
import { FakeReporter } from '../../helpers/fake-reporter.js';
import { KEY_ARN } from '../provision/data-plane-fixture.js';
import { expectedTagRecord, ZIPS } from './functions-fixture.js';

const aws = mockAws();
let cwd: string;
beforeEach(async () => {
  aws.reset();
  cwd = await mkdtemp(join(tmpdir(), 'cci-deploy-cmd-'));
});
afterEach(() => rm(cwd, { recursive: true, force: true }));
afterAll(() => aws.restore());

function context(
  config: CciConfigInput,
  globals: Partial<GlobalOptions> = {},
): { ctx: CommandContext; reporter: FakeReporter } {
  const reporter = new FakeReporter();
  const ctx: CommandContext = {
    globals: { json: false, yes: false, dryRun: false, verbose: false, ...globals },
    reporter,
    cwd,
    interactive: false,
    loadConfig: () => Promise.resolve({ config: ConfigSchema.parse(config), path: undefined }),
  };
  return { ctx, reporter };
}

describe('cci-lite deploy-lambdas', () => {
  it('is registered, with options and help that explain both modes', () => {
    expect(COMMANDS).toContain(deployLambdasCommand);
    const cmd = new Command('deploy-lambdas');
    deployLambdasCommand.configure?.(cmd);
    expect(cmd.options.map((o) => o.long)).toEqual(['--build-only', '--out-dir']);
    expect(deployLambdasCommand.help).toContain('dist/lambda/');
    expect(deployLambdasCommand.help).toContain('cci-lite run');
    expect(deployLambdasCommand.help).toContain('--dry-run');
  });

  it('--build-only on the local target: writes the zips to --out-dir, no AWS call', async () => {
    const { ctx, reporter } = context({ target: 'local' });
    const command = createDeployLambdasCommand({ zips: ZIPS });

    await command.run(ctx, [], { buildOnly: true, outDir: 'out/zips' });

    for (const zip of ZIPS) {
      const file = join(cwd, 'out', 'zips', `${zip.id}.zip`);
      expect(new Uint8Array(await readFile(file))).toEqual(zip.zip);
    }
    expect(sentCommands(aws.mocks)).toEqual([]);
    const [result] = reporter.events.filter((e) => e.kind === 'result');
    const data = result?.data as DeployLambdasResult;
    expect(data.zips.map((z) => [z.id, z.sha256])).toEqual(ZIPS.map((z) => [z.id, z.sha256]));
    expect(result?.text).toMatch(/handler\s+│ size KiB │ sha256\s+│ file/);
    expect(result?.text).toContain(ZIPS[0]?.sha256);
    expect(result?.text).toContain('2 zip(s) written');
    expect(result?.text).not.toContain('resource type');
  });

  it('the local target without --build-only: exit 2 pointing at `cci-lite run`', async () => {
    const run = await runCliCaptured(['deploy-lambdas', '--target', 'local'], { cwd });

    expect(run.code).toBe(2);
    expect(run.stderr).toContain('cci-lite run');
    expect(run.stderr).toContain('--build-only');
    expect(sentCommands(aws.mocks)).toEqual([]);
  });

  it('--json on the local target: the error as JSON with its code', async () => {
    await writeFile(join(cwd, 'cci-lite.config.json'), JSON.stringify({ target: 'local' }));

    const run = await runCliCaptured(['--json', 'deploy-lambdas'], { cwd });

    expect(run.code).toBe(2);
    expect(JSON.parse(run.stdout)).toMatchObject({ ok: false, error: { code: 'AWS_TARGET_ONLY' } });
  });

  it('the aws target: zips and resource tables with the change lines and counts', async () => {
    aws.mocks.sts.on(GetCallerIdentityCommand).resolves({
      Account: TEST_ACCOUNT,
      Arn: `arn:aws:iam::${TEST_ACCOUNT}:user/operator`,
    });
    aws.mocks.kms.onAnyCommand().resolves({ KeyMetadata: { KeyId: 'k', Arn: KEY_ARN } });
    for (const id of ['job-init', 'result-handler'] as const) {
      const group = `/aws/lambda/cci-lite-${id}`;
      const groupArn = `arn:aws:logs:${TEST_REGION}:${TEST_ACCOUNT}:log-group:${group}`;
      aws.mocks.logs.on(DescribeLogGroupsCommand, { logGroupNamePrefix: group }).resolves({
        logGroups: [
          {
            logGroupName: group,
            logGroupArn: groupArn,
            retentionInDays: id === 'job-init' ? 14 : 30,
            kmsKeyId: KEY_ARN,
          },
        ],
      });
      aws.mocks.logs
        .on(ListTagsForResourceCommand, { resourceArn: groupArn })
        .resolves({ tags: expectedTagRecord(id) });
    }
    aws.mocks.logs.on(PutRetentionPolicyCommand).resolves({});
    const { ctx, reporter } = context({ target: 'aws', region: TEST_REGION });
    // Only the log-groups step: the other steps have their own contract tests.
    const command = createDeployLambdasCommand({ zips: ZIPS, steps: () => [logGroupsStep] });

    await command.run(ctx, [], {});

    const [result] = reporter.events.filter((e) => e.kind === 'result');
    expect(result?.text).toContain(`account ${TEST_ACCOUNT}, region ${TEST_REGION}`);
    expect(result?.text).toMatch(/step\s+│ resource type\s+│ name\s+│ action\s+│ ARN/);
    expect(result?.text).toContain('CloudWatch log group /aws/lambda/cci-lite-job-init (updated):');
    expect(result?.text).toContain('  - retention days: 14 -> 30');
    expect(result?.text).toContain('0 created, 1 updated, 1 unchanged');
    expect((result?.data as DeployLambdasResult).resources).toHaveLength(2);
  });
});
