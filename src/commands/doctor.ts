import { defineCommand, type CommandContext } from './command.js';
import { CciError } from '../core/errors.js';
import { assertTenantId } from '../core/ids/tenant-id.js';
import { isAwsTarget, onAwsDeployment } from '../aws/command-context.js';
import { AWS_DOCTOR_CHECKS, runAwsDoctor } from '../aws/ops/doctor-aws.js';
import { LOCAL_DOCTOR_CHECKS, runLocalDoctor } from '../local/ops/doctor-local.js';
import type { DoctorReport } from '../ops/doctor/check.js';
import { failedCheckIds, renderDoctorReport } from '../ops/doctor/render.js';
import { selectChecks } from '../ops/doctor/run-checks.js';

interface DoctorInput {
  only: string[];
  tenant: string | undefined;
}

const ids = (specs: ReadonlyArray<{ id: string }>) => specs.map((s) => s.id).join(', ');

export const doctorCommand = defineCommand({
  path: ['doctor'],
  summary: 'Check the deployment for the known problems of guide §16, each with a hint',
  help: [
    '',
    'Runs independent checks and prints a table (check, status, detail), then a hint for',
    'each check that is not ok. A check that cannot run (e.g. AccessDenied) fails with the',
    'error code; the others still run. Exit 0 when no check failed (warnings do not fail),',
    '1 when one did (error DOCTOR_FAILED). With --json: {target, ok, checks[]} (on failure',
    'inside the error details).',
    '',
    `Target local:  ${ids(LOCAL_DOCTOR_CHECKS)}`,
    `Target aws:    ${ids(AWS_DOCTOR_CHECKS)}`,
    '',
    'On aws, bedrock-model sends one tiny Converse request (a one-word prompt, at most 5',
    'output tokens) per configured model; on local, llm-endpoint sends one to llmEndpoint.',
    '',
    'Examples:',
    '  $ cci-lite doctor',
    '  $ cci-lite doctor --target aws --check bedrock-model --check dlq',
    '  $ cci-lite doctor --tenant demo-tenant --json',
  ].join('\n'),
  configure: (cmd) =>
    cmd
      .option(
        '--check <id>',
        'run only this check (repeatable)',
        (value: string, previous: string[] = []) => [...previous, value],
      )
      .option('--tenant <id>', "only this tenant's template, model and dead letters"),
  async run(ctx, _args, options) {
    const input: DoctorInput = {
      only: Array.isArray(options.check) ? options.check.map(String) : [],
      tenant: typeof options.tenant === 'string' ? assertTenantId(options.tenant) : undefined,
    };
    const report = await doctorReport(ctx, input);
    const failed = failedCheckIds(report);
    const error = () =>
      new CciError(
        'DOCTOR_FAILED',
        `${failed.length} doctor check(s) failed: ${failed.join(', ')}`,
        {
          hint: 'Follow the hint of each failed check, then run `cci-lite doctor` again.',
          details: report,
        },
      );
    // With --json, one document on stdout: on failure the error carries the report.
    if (failed.length > 0 && ctx.reporter.json) throw error();
    ctx.reporter.result(report, (style) => renderDoctorReport(report, style));
    if (failed.length > 0) throw error();
  },
});

async function doctorReport(ctx: CommandContext, input: DoctorInput): Promise<DoctorReport> {
  const step = <T>(title: string, work: () => Promise<T>) => ctx.reporter.step(title, work);
  const common = {
    only: input.only,
    step,
    ...(input.tenant === undefined ? {} : { tenant: input.tenant }),
  };
  if (await isAwsTarget(ctx)) {
    // An unknown --check is bad input: say so before asking STS anything.
    selectChecks(AWS_DOCTOR_CHECKS, input.only);
    return onAwsDeployment(ctx, (aws) => runAwsDoctor(aws, common));
  }
  const { config } = await ctx.loadConfig();
  return runLocalDoctor({ config, cwd: ctx.cwd, ...common });
}
