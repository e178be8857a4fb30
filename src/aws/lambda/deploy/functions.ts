import {
  CreateFunctionCommand,
  GetFunctionCommand,
  GetFunctionConcurrencyCommand,
  ListTagsCommand,
  PutFunctionConcurrencyCommand,
  TagResourceCommand,
  UpdateFunctionCodeCommand,
  UpdateFunctionConfigurationCommand,
  type FunctionConfiguration,
  type LambdaClient,
} from '@aws-sdk/client-lambda';
import { CciError, userError } from '../../../core/errors.js';
import { tagsToRecord } from '../../../core/config/tags.js';
import type { AwsClients } from '../../clients.js';
import { retryWhilePropagating } from '../../provision/policies/propagation-retry.js';
import {
  change,
  observedFrom,
  readOrMissing,
  tagChanges,
  tagsToApply,
} from '../../provision/reconcile.js';
import {
  isAwsError,
  StepRecorder,
  type DeploymentContext,
  type Observed,
  type ProvisionStep,
} from '../../provision/step.js';
import { resolveKmsKeyArn } from '../../provision/resolve-kms-key.js';
import { HANDLER_IDS, type HandlerId, type LambdaZip } from '../lambda-specs.js';
import {
  codeChanges,
  configurationDrift,
  desiredFunction,
  type ConfigurationDrift,
  type DesiredFunction,
} from './function-config.js';
import { isBusy, waitForFunction, type WaitOptions } from './wait-function.js';

/** Output keys: the function ARNs the triggers and alarms steps use. */
export const JOB_INIT_FUNCTION_ARN = 'jobInitFunctionArn';
export const RESULT_HANDLER_FUNCTION_ARN = 'resultHandlerFunctionArn';
export const FUNCTION_ARN_OUTPUT: Readonly<Record<HandlerId, string>> = {
  'job-init': JOB_INIT_FUNCTION_ARN,
  'result-handler': RESULT_HANDLER_FUNCTION_ARN,
};

const STEP = 'functions';
const FUNCTION = 'Lambda function';
const CONCURRENCY = 'Lambda reserved concurrency';

export interface FunctionsStepOptions {
  /** Polling after each write (tests pass a sleep that does not wait). */
  wait?: WaitOptions;
  /** Pauses while a fresh role is not yet assumable by Lambda (tests pass zeros). */
  propagationDelaysMs?: readonly number[];
}

/**
 * Guide §7: `cci-lite-job-init` and `cci-lite-result-handler` from the given
 * zips. A missing function is created (Node.js 22 on arm64, X-Ray active, JSON
 * logs into the 30-day log group, environment of §7.1 encrypted with the CMK)
 * and awaited until Active; an existing one gets new code only when the zip's
 * SHA-256 differs from its CodeSha256, and a configuration update only for
 * settings that drifted, so an unchanged build on an unchanged deployment makes
 * no mutating call. Reserved concurrency (§7.1, total 50) is its own resource.
 */
export function functionsStep(
  zips: readonly LambdaZip[],
  options: FunctionsStepOptions = {},
): ProvisionStep {
  return {
    id: STEP,
    title: '§7 Lambda functions',
    async run(clients: AwsClients, ctx: DeploymentContext) {
      const recorder = new StepRecorder(STEP, ctx.dryRun);
      const kmsKeyArn = await resolveKmsKeyArn(clients, ctx, STEP);
      for (const id of HANDLER_IDS) {
        const desired = desiredFunction(ctx, id, kmsKeyArn);
        const zip = zipFor(zips, id);
        const found = await ensureFunction(clients.lambda, recorder, desired, zip, options);
        await ensureConcurrency(clients.lambda, recorder, desired, found.existed);
        ctx.outputs.set(FUNCTION_ARN_OUTPUT[id], found.arn);
      }
      return recorder.reports;
    },
  };
}

function zipFor(zips: readonly LambdaZip[], id: HandlerId): LambdaZip {
  const zip = zips.find((z) => z.id === id);
  if (zip === undefined) {
    throw new CciError('LAMBDA_ZIP_MISSING', `No built zip for the ${id} handler was given.`, {
      hint: 'Build both handlers: cci-lite deploy-lambdas builds them before deploying.',
    });
  }
  return zip;
}

async function ensureFunction(
  lambda: LambdaClient,
  recorder: StepRecorder,
  desired: DesiredFunction,
  zip: LambdaZip,
  options: FunctionsStepOptions,
): Promise<{ arn: string; existed: boolean }> {
  const resource = { type: FUNCTION, name: desired.name, arn: desired.arn };
  const found = await readOrMissing(
    recorder,
    resource,
    () => lambda.send(new GetFunctionCommand({ FunctionName: desired.name })),
    'ResourceNotFoundException',
  );
  const current = found?.Configuration;
  if (current === undefined) {
    const report = await recorder.ensure(resource, { state: 'missing' }, async () => {
      const out = await createFunction(lambda, desired, zip, options);
      await waitForFunction(lambda, desired.name, 'active', options.wait);
      return out.FunctionArn;
    });
    return { arn: report.arn ?? desired.arn, existed: false };
  }

  const arn = current.FunctionArn ?? desired.arn;
  const tags = await recorder.guard(resource, async () => {
    const out = await lambda.send(new ListTagsCommand({ Resource: arn }));
    return out.Tags ?? {};
  });
  const code = codeChanges(current, desired, zip.sha256);
  const configuration = configurationDrift(current, desired.configuration);
  const missingTags = tagsToApply(tags, desired.tags);
  const observed = observedFrom([
    ...code,
    ...configuration.changes,
    ...tagChanges(tags, desired.tags),
  ]);
  await recorder.ensure({ ...resource, arn }, observed, async () => {
    await updateFunction(lambda, desired, current, {
      zip: code.length > 0 ? zip : undefined,
      configuration: configuration.update,
      options,
    });
    if (missingTags.length > 0) {
      await lambda.send(new TagResourceCommand({ Resource: arn, Tags: tagsToRecord(missingTags) }));
    }
    return arn;
  });
  return { arn, existed: true };
}

function createFunction(
  lambda: LambdaClient,
  desired: DesiredFunction,
  zip: LambdaZip,
  options: FunctionsStepOptions,
): Promise<FunctionConfiguration> {
  return whileRolePropagates(
    desired,
    () =>
      lambda.send(
        new CreateFunctionCommand({
          FunctionName: desired.name,
          ...desired.configuration,
          Architectures: desired.architectures,
          Code: { ZipFile: zip.zip },
          PackageType: 'Zip',
          Tags: tagsToRecord(desired.tags),
          Publish: false,
        }),
      ),
    options,
  );
}

/**
 * Code first, then configuration, each awaited: Lambda rejects an update while
 * the previous one is in progress (ResourceConflictException).
 */
async function updateFunction(
  lambda: LambdaClient,
  desired: DesiredFunction,
  current: FunctionConfiguration,
  work: {
    zip: LambdaZip | undefined;
    configuration: ConfigurationDrift['update'];
    options: FunctionsStepOptions;
  },
): Promise<void> {
  const FunctionName = desired.name;
  const { zip, configuration, options } = work;
  const updates = zip !== undefined || Object.keys(configuration).length > 0;
  if (updates && isBusy(current)) await waitForFunction(lambda, FunctionName, 'idle', options.wait);
  if (zip !== undefined) {
    await lambda.send(
      new UpdateFunctionCodeCommand({
        FunctionName,
        ZipFile: zip.zip,
        Architectures: desired.architectures,
        Publish: false,
      }),
    );
    await waitForFunction(lambda, FunctionName, 'updated', options.wait);
  }
  if (Object.keys(configuration).length > 0) {
    await whileRolePropagates(
      desired,
      () => lambda.send(new UpdateFunctionConfigurationCommand({ FunctionName, ...configuration })),
      options,
    );
    await waitForFunction(lambda, FunctionName, 'updated', options.wait);
  }
}

/** AWS's words when IAM has not yet made a new role assumable by Lambda (or there is no such role). */
const ROLE_NOT_ASSUMABLE = /cannot be assumed by Lambda/i;

/** Thrown inside the retry to stop it: an InvalidParameterValueException about something else. */
class NotPropagation {
  constructor(readonly error: unknown) {}
}

/**
 * Right after `init` created `cci-lite-lambda-role`, Lambda may refuse it for a
 * few seconds. Only that InvalidParameterValueException is retried (with the
 * shared IAM back-off); when it persists, the role most likely does not exist.
 */
async function whileRolePropagates<T>(
  desired: DesiredFunction,
  call: () => Promise<T>,
  options: FunctionsStepOptions,
): Promise<T> {
  const code = 'InvalidParameterValueException';
  try {
    return await retryWhilePropagating(
      async () => {
        try {
          return await call();
        } catch (err) {
          if (isAwsError(err, code) && !ROLE_NOT_ASSUMABLE.test(messageOf(err))) {
            throw new NotPropagation(err);
          }
          throw err;
        }
      },
      [code],
      ...(options.propagationDelaysMs === undefined ? [] : [options.propagationDelaysMs]),
    );
  } catch (err) {
    if (err instanceof NotPropagation) throw err.error;
    if (isAwsError(err, code)) {
      throw userError(
        'LAMBDA_ROLE_NOT_ASSUMABLE',
        `Lambda cannot assume ${desired.configuration.Role} for ${desired.name}.`,
        {
          cause: err,
          hint: 'Provision the role first (cci-lite init --target aws); if init just ran, run this again in a minute.',
        },
      );
    }
    throw err;
  }
}

function messageOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/**
 * Reserved concurrency per function (§7.1: total 50). A new function has none;
 * the read is skipped for a function that does not exist yet (dry run).
 */
async function ensureConcurrency(
  lambda: LambdaClient,
  recorder: StepRecorder,
  desired: DesiredFunction,
  functionExisted: boolean,
): Promise<void> {
  const resource = { type: CONCURRENCY, name: desired.name, arn: desired.arn };
  const want = desired.reservedConcurrency;
  const current = functionExisted
    ? await recorder.guard(resource, async () => {
        const out = await lambda.send(
          new GetFunctionConcurrencyCommand({ FunctionName: desired.name }),
        );
        return out.ReservedConcurrentExecutions;
      })
    : undefined;
  const observed: Observed =
    current === undefined
      ? { state: 'missing' }
      : observedFrom(current === want ? [] : [change('reserved concurrency', current, want)]);
  await recorder.ensure(resource, observed, async () => {
    try {
      await lambda.send(
        new PutFunctionConcurrencyCommand({
          FunctionName: desired.name,
          ReservedConcurrentExecutions: want,
        }),
      );
    } catch (err) {
      throw concurrencyQuotaError(err, desired) ?? err;
    }
  });
}

/**
 * Lambda keeps 10 (on new accounts often the whole quota of 10) unreserved
 * executions per account; reserving 50 then fails, which the operator fixes
 * with a quota increase rather than by running again.
 */
function concurrencyQuotaError(err: unknown, desired: DesiredFunction): CciError | undefined {
  if (!isAwsError(err, 'InvalidParameterValueException')) return undefined;
  if (!/UnreservedConcurrentExecution/i.test(messageOf(err))) return undefined;
  return userError(
    'LAMBDA_CONCURRENCY_QUOTA',
    `Reserving ${desired.reservedConcurrency} concurrent executions for ${desired.name} would leave ` +
      'the account fewer unreserved executions than Lambda requires.',
    {
      cause: err,
      hint: 'Ask for a higher "Concurrent executions" quota (Service Quotas, AWS Lambda, L-B99A9384; at least 150), then run again.',
    },
  );
}
