import { GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import type { AwsClients } from '../../src/aws/clients.js';
import { TEST_ACCOUNT, TEST_REGION, type AwsMocks } from './aws-mocks.js';
import { installAthena, type FakeAthena } from './fake-aws/athena.js';
import { installBudgets, type FakeBudgets } from './fake-aws/budgets.js';
import { FakeCloud, type CommandClass } from './fake-aws/cloud.js';
import { installCloudTrail, type FakeCloudTrail } from './fake-aws/cloudtrail.js';
import { installDynamoDb, type FakeDynamoDb } from './fake-aws/dynamodb.js';
import { installEventBridge, type FakeEventBridge } from './fake-aws/eventbridge.js';
import { installGlue, type FakeGlue } from './fake-aws/glue.js';
import { installIam, type FakeIam } from './fake-aws/iam.js';
import { serveConfigItems } from './fake-aws/config-items.js';
import { installKms, type FakeKms } from './fake-aws/kms.js';
import { installQuickSight, type FakeQuickSight } from './fake-aws/quicksight.js';
import { installS3, type FakeS3 } from './fake-aws/s3.js';
import { installSns, type FakeSns } from './fake-aws/sns.js';
import { installSqs, type FakeSqs } from './fake-aws/sqs.js';

/**
 * A small in-memory AWS account behind the mocks of `mockAws()`: every command
 * the provisioning steps send is served statefully. Reads of missing things
 * answer the service's not-found error; writes store state; later reads answer
 * it the way the service does (IAM documents URL-encoded, KMS/S3/SNS policies
 * re-serialised, SQS attributes as strings, Budgets amounts with decimals, keys
 * named by any id answered as ARNs). Commands it does not serve fail naming
 * themselves. Tests inspect or change the state directly, or drift it through
 * the SDK as an operator would in the console.
 */
export interface FakeAwsAccount {
  readonly accountId: string;
  readonly region: string;
  readonly kms: FakeKms;
  readonly s3: FakeS3;
  readonly iam: FakeIam;
  readonly dynamodb: FakeDynamoDb;
  readonly sns: FakeSns;
  readonly sqs: FakeSqs;
  readonly eventbridge: FakeEventBridge;
  readonly glue: FakeGlue;
  readonly athena: FakeAthena;
  readonly budgets: FakeBudgets;
  readonly cloudtrail: FakeCloudTrail;
  readonly quicksight: FakeQuickSight;
  /** Items of `cci-lite-config` (document client), unless the test file mocks that client itself. */
  readonly configItems: Map<string, Record<string, unknown>>;
  /**
   * Makes matching calls of `command` fail with `error` (every one until
   * `clearFailures`, or `times` of them), e.g. AccessDenied on CreateTable.
   */
  failOn(
    command: CommandClass,
    error: Error,
    options?: { times?: number; when?: (input: unknown) => boolean },
  ): void;
  clearFailures(): void;
}

/** Installs a fresh, empty account on the mocks (call after `reset()`). */
export function fakeAwsAccount(
  mocks: AwsMocks,
  options: { accountId?: string; region?: string } = {},
): FakeAwsAccount {
  const cloud = new FakeCloud(options.accountId ?? TEST_ACCOUNT, options.region ?? TEST_REGION);
  cloud.refuseUnserved(mocks.sts, 'STS');
  cloud.serve(mocks.sts, GetCallerIdentityCommand, () => ({
    Account: cloud.accountId,
    Arn: `arn:${cloud.partition}:iam::${cloud.accountId}:user/cci-lite-operator`,
    UserId: 'AIDAFAKEOPERATOR00001',
  }));
  // Services init never calls: anything sent to them is a finding.
  cloud.refuseUnserved(mocks.transcribe, 'Transcribe');
  cloud.refuseUnserved(mocks.comprehend, 'Comprehend');
  cloud.refuseUnserved(mocks.bedrock, 'Bedrock Runtime');

  const kms = installKms(cloud, mocks.kms);
  const s3 = installS3(cloud, mocks.s3);
  const iam = installIam(cloud, mocks.iam);
  return {
    accountId: cloud.accountId,
    region: cloud.region,
    kms,
    s3,
    iam,
    dynamodb: installDynamoDb(cloud, mocks.dynamodb, { kms }),
    sns: installSns(cloud, mocks.sns),
    sqs: installSqs(cloud, mocks.sqs),
    eventbridge: installEventBridge(cloud, mocks.eventbridge),
    glue: installGlue(cloud, mocks.glue, { iam }),
    athena: installAthena(cloud, mocks.athena),
    budgets: installBudgets(cloud, mocks.budgets),
    cloudtrail: installCloudTrail(cloud, mocks.cloudtrail, { s3, kms }),
    quicksight: installQuickSight(cloud, mocks.quicksight),
    configItems: serveConfigItems(),
    failOn: (command, error, failOptions) => cloud.failOn(command, error, failOptions),
    clearFailures: () => cloud.clearFailures(),
  };
}

/** Commands that change something in an account (the read verbs are Get/List/Describe/Head). */
export const MUTATING_COMMAND =
  /^(Create|Put|Update|Delete|Tag|Untag|Attach|Detach|Enable|Disable|Start|Stop|Subscribe|Unsubscribe|Set|Add|Remove|Schedule|Cancel)/;

/** Every command the mocked clients received, in order per client, as `client:Command`. */
export function sentCommands(mocks: AwsMocks): string[] {
  return (Object.keys(mocks) as Array<keyof AwsClients>).flatMap((client) =>
    mocks[client].calls().map((call) => {
      const command = call.args[0] as { constructor: { name: string } };
      return `${client}:${command.constructor.name.replace(/Command$/, '')}`;
    }),
  );
}

/** The mutating ones of `sentCommands`. */
export function mutatingCommands(mocks: AwsMocks): string[] {
  return sentCommands(mocks).filter((c) => MUTATING_COMMAND.test(c.split(':')[1] ?? ''));
}

/** Forgets the calls received so far, keeping the account's state and behaviour. */
export function clearCallHistory(mocks: AwsMocks): void {
  for (const client of Object.keys(mocks) as Array<keyof AwsClients>) mocks[client].resetHistory();
}
