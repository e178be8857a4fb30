import type {
  ApplicationLogLevel,
  Architecture,
  FunctionConfiguration,
  LoggingConfig,
  Runtime,
  UpdateFunctionConfigurationRequest,
} from '@aws-sdk/client-lambda';
import type { Component, Tag } from '../../../core/config/tags.js';
import { arn, change, roleArn } from '../../provision/reconcile.js';
import type { DeploymentContext } from '../../provision/step.js';
import { handlerEnvironment } from '../handler-env.js';
import {
  functionName,
  LAMBDA_ARCHITECTURE,
  LAMBDA_FUNCTIONS,
  LAMBDA_HANDLER,
  LAMBDA_RUNTIME,
  logGroupName,
  type HandlerId,
} from '../lambda-specs.js';

/**
 * What one function of guide §7 should look like in this deployment, and how a
 * deployed function differs from it. Pure: the step reads, this compares.
 */
export interface DesiredFunction {
  id: HandlerId;
  name: string;
  arn: string;
  /** The settings UpdateFunctionConfiguration can change, exactly as CreateFunction sends them. */
  configuration: DesiredConfiguration;
  architectures: Architecture[];
  tags: Tag[];
  reservedConcurrency: number;
}

export interface DesiredConfiguration {
  Runtime: Runtime;
  Role: string;
  Handler: string;
  Description: string;
  Timeout: number;
  MemorySize: number;
  Environment: { Variables: Record<string, string> };
  KMSKeyArn: string;
  TracingConfig: { Mode: 'Active' };
  LoggingConfig: Required<LoggingConfig>;
}

/** Stack traces in the logs point at the TypeScript sources (the zip carries the source map). */
export const NODE_OPTIONS = '--enable-source-maps';

/** Lambda's own platform lines (START, END, REPORT) at INFO: one REPORT per invocation. */
const SYSTEM_LOG_LEVEL = 'INFO';

/** The guide's Component tag of each function (also used for its log group). */
export function lambdaComponent(id: HandlerId): Component {
  return id === 'job-init' ? 'Lambda-JobInit' : 'Lambda-ResultHandler';
}

export function functionArn(ctx: DeploymentContext, name: string): string {
  return arn(ctx, 'lambda', `function:${name}`);
}

export function desiredFunction(
  ctx: DeploymentContext,
  id: HandlerId,
  kmsKeyArn: string,
): DesiredFunction {
  const spec = LAMBDA_FUNCTIONS[id];
  const name = functionName(id, ctx.names);
  const variables: Record<string, string> = {
    ...handlerEnvironment({
      config: ctx.config,
      names: ctx.names,
      accountId: ctx.accountId,
      region: ctx.region,
      partition: ctx.partition,
      kmsKeyArn,
      serviceName: spec.serviceName,
    }),
    NODE_OPTIONS,
  };
  // The application log level follows LOG_LEVEL, so Lambda's JSON log filter and
  // the Powertools logger (which reads AWS_LAMBDA_LOG_LEVEL too) agree.
  const level = variables.LOG_LEVEL ?? 'INFO';
  return {
    id,
    name,
    arn: functionArn(ctx, name),
    configuration: {
      Runtime: LAMBDA_RUNTIME,
      Role: roleArn(ctx, ctx.names.lambdaRole),
      Handler: LAMBDA_HANDLER,
      Description: spec.description,
      Timeout: spec.timeoutSeconds,
      MemorySize: spec.memoryMb,
      Environment: { Variables: variables },
      KMSKeyArn: kmsKeyArn,
      TracingConfig: { Mode: 'Active' },
      LoggingConfig: {
        LogFormat: 'JSON',
        ApplicationLogLevel: applicationLogLevel(level),
        SystemLogLevel: SYSTEM_LOG_LEVEL,
        LogGroup: logGroupName(name),
      },
    },
    architectures: [LAMBDA_ARCHITECTURE],
    tags: ctx.tags(lambdaComponent(id)),
    reservedConcurrency: spec.reservedConcurrency,
  };
}

const APPLICATION_LOG_LEVELS: readonly ApplicationLogLevel[] = [
  'TRACE',
  'DEBUG',
  'INFO',
  'WARN',
  'ERROR',
  'FATAL',
];

function applicationLogLevel(level: string): ApplicationLogLevel {
  return APPLICATION_LOG_LEVELS.find((l) => l === level) ?? 'INFO';
}

export interface ConfigurationDrift {
  /** Only the fields that differ; empty when nothing does. */
  update: Partial<Omit<UpdateFunctionConfigurationRequest, 'FunctionName'>>;
  changes: string[];
}

/** The settings of a deployed function that differ from the desired ones. */
export function configurationDrift(
  current: FunctionConfiguration,
  desired: DesiredConfiguration,
): ConfigurationDrift {
  const update: ConfigurationDrift['update'] = {};
  const changes: string[] = [];
  const scalars = ['Runtime', 'Role', 'Handler', 'Description', 'Timeout', 'MemorySize'] as const;
  for (const field of scalars) {
    if (current[field] !== desired[field]) {
      Object.assign(update, { [field]: desired[field] });
      changes.push(change(field, current[field], desired[field]));
    }
  }
  const envChanges = variableChanges(current.Environment?.Variables ?? {}, desired);
  if (envChanges.length > 0) {
    // Environment replaces the whole map, so it is always sent complete.
    update.Environment = desired.Environment;
    changes.push(...envChanges);
  }
  if (current.KMSKeyArn !== desired.KMSKeyArn) {
    update.KMSKeyArn = desired.KMSKeyArn;
    changes.push(change('KMSKeyArn', current.KMSKeyArn, desired.KMSKeyArn));
  }
  if (current.TracingConfig?.Mode !== desired.TracingConfig.Mode) {
    update.TracingConfig = desired.TracingConfig;
    changes.push(change('tracing', current.TracingConfig?.Mode, desired.TracingConfig.Mode));
  }
  const logging = loggingChanges(current.LoggingConfig ?? {}, desired.LoggingConfig);
  if (logging.length > 0) {
    update.LoggingConfig = desired.LoggingConfig;
    changes.push(...logging);
  }
  return { update, changes };
}

function variableChanges(current: Record<string, string>, desired: DesiredConfiguration): string[] {
  const want = desired.Environment.Variables;
  const keys = [...new Set([...Object.keys(current), ...Object.keys(want)])].sort();
  return keys
    .filter((k) => current[k] !== want[k])
    .map((k) => change(`env ${k}`, current[k], want[k]));
}

function loggingChanges(current: LoggingConfig, desired: Required<LoggingConfig>): string[] {
  const fields = ['LogFormat', 'ApplicationLogLevel', 'SystemLogLevel', 'LogGroup'] as const;
  return fields
    .filter((f) => current[f] !== desired[f])
    .map((f) => change(`logging ${f}`, current[f], desired[f]));
}

/** Code to upload: another build, or another architecture (which only UpdateFunctionCode sets). */
export function codeChanges(
  current: FunctionConfiguration,
  desired: DesiredFunction,
  sha256: string,
): string[] {
  const changes: string[] = [];
  if (current.CodeSha256 !== sha256)
    changes.push(change('code sha256', current.CodeSha256, sha256));
  // A function created without Architectures runs on x86_64.
  const arch = current.Architectures ?? ['x86_64'];
  if (arch.join(',') !== desired.architectures.join(',')) {
    changes.push(change('architectures', arch.join(','), desired.architectures.join(',')));
  }
  return changes;
}
