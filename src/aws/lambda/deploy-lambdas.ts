import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { CciConfig } from '../../core/config/schema.js';
import { bundledPath } from '../../local/bundled-files.js';
import type { Reporter } from '../../ui/reporter.js';
import { createAwsClients, type AwsClients } from '../clients.js';
import { resolveDeployment } from '../deployment.js';
import { awsSettings } from '../init.js';
import type { ProvisionStep, ResourceReport } from '../provision/step.js';
import type { BuildLambdaOptions } from './bundle.js';
import { alertsStep } from './deploy/alarms.js';
import { functionsStep, type FunctionsStepOptions } from './deploy/functions.js';
import { logGroupsStep } from './deploy/log-groups.js';
import { lambdaTriggersStep } from './deploy/triggers.js';
import type { HandlerId, LambdaZip } from './lambda-specs.js';

/** Where `--build-only` writes the zips unless told otherwise: the package's `dist/lambda/`. */
export function defaultLambdaOutDir(): string {
  return bundledPath('dist/lambda');
}

export interface ZipSummary {
  id: HandlerId;
  bytes: number;
  /** base64 SHA-256, as Lambda reports CodeSha256. */
  sha256: string;
  path?: string;
}

export interface DeployLambdasResult {
  buildOnly: boolean;
  dryRun: boolean;
  /** Absent with buildOnly: AWS is not contacted. */
  accountId?: string;
  region?: string;
  zips: ZipSummary[];
  resources: ResourceReport[];
}

export interface DeployLambdasInput {
  config: CciConfig;
  reporter: Reporter;
  dryRun: boolean;
  buildOnly: boolean;
  /** With buildOnly: the directory for `<handler>.zip` (default `defaultLambdaOutDir()`). */
  outDir?: string;
  clients?: AwsClients;
  /** Already built zips (tests, or a caller that built them); skips the bundler. */
  zips?: readonly LambdaZip[];
  build?: (options: BuildLambdaOptions) => Promise<LambdaZip[]>;
  /** The steps to run on the zips; `deployLambdasSteps` by default. */
  steps?: (zips: readonly LambdaZip[]) => readonly ProvisionStep[];
  functions?: FunctionsStepOptions;
}

/**
 * Log groups before the functions (so Lambda never creates them unencrypted
 * and unexpiring), the functions before their triggers, and the alarms last
 * because they watch the functions and the queues.
 */
export function deployLambdasSteps(
  zips: readonly LambdaZip[],
  functions: FunctionsStepOptions = {},
): readonly ProvisionStep[] {
  return [logGroupsStep, functionsStep(zips, functions), lambdaTriggersStep, alertsStep];
}

/**
 * `deploy-lambdas`: bundles both handlers, then (unless buildOnly) deploys them
 * with their log groups, triggers and alarms, one spinner per step. With
 * buildOnly the zips are written to disk and AWS is never called; with dryRun
 * every step only reads and reports its plan (nothing is written locally either).
 */
export async function runDeployLambdas(input: DeployLambdasInput): Promise<DeployLambdasResult> {
  const { reporter, dryRun, buildOnly } = input;
  const zips = input.zips ?? (await buildZips(reporter, input.build));
  if (buildOnly) {
    const written = dryRun ? zips : await writeZips(zips, input.outDir ?? defaultLambdaOutDir());
    return { buildOnly, dryRun, zips: written.map(summary), resources: [] };
  }

  const clients = input.clients ?? createAwsClients(awsSettings(input.config));
  const ctx = await reporter.step('Identify the AWS account (STS)', () =>
    resolveDeployment(clients, input.config, { dryRun }),
  );
  const steps = input.steps?.(zips) ?? deployLambdasSteps(zips, input.functions);
  const resources: ResourceReport[] = [];
  for (const step of steps) {
    const title = dryRun ? `${step.title} (plan)` : step.title;
    resources.push(...(await reporter.step(title, () => step.run(clients, ctx))));
  }
  return {
    buildOnly,
    dryRun,
    accountId: ctx.accountId,
    region: ctx.region,
    zips: zips.map(summary),
    resources,
  };
}

async function buildZips(
  reporter: Reporter,
  build: DeployLambdasInput['build'],
): Promise<LambdaZip[]> {
  return reporter.step('Bundle handlers (esbuild)', async () => {
    // Loaded on demand: esbuild is only needed here, not by every command of the CLI.
    const bundle = build ?? (await import('./bundle.js')).buildLambdaZips;
    return bundle({});
  });
}

/** `<outDir>/<handler>.zip`, the same names the bundler uses. */
async function writeZips(zips: readonly LambdaZip[], outDir: string): Promise<LambdaZip[]> {
  await mkdir(outDir, { recursive: true });
  const written: LambdaZip[] = [];
  for (const zip of zips) {
    const path = join(outDir, `${zip.id}.zip`);
    await writeFile(path, zip.zip);
    written.push({ ...zip, path });
  }
  return written;
}

function summary(zip: LambdaZip): ZipSummary {
  return {
    id: zip.id,
    bytes: zip.bytes,
    sha256: zip.sha256,
    ...(zip.path === undefined ? {} : { path: zip.path }),
  };
}
