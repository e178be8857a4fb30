import { Option } from 'commander';
import type { ChalkInstance } from 'chalk';
import { defineCommand, type CommandContext, type CommandSpec } from '../command.js';
import { CciError, userError } from '../../core/errors.js';
import { isAwsTarget, onAwsDeployment } from '../../aws/command-context.js';
import type { Clock } from '../../aws/ops/ops-clock.js';
import { validateOnAws, type AwsValidationCheck } from '../../aws/ops/validate-aws.js';
import { requireLocalConfig } from '../../local/local-target.js';
import { validateEndToEnd } from '../../local/ops/validate-local.js';
import { renderTable } from '../../ui/table.js';

/** What tests hand the command instead of the real clock. */
export interface ValidateEndToEndDeps {
  clock?: Clock;
}

/** What both targets report: the checks, and whether none failed. */
interface ValidationOutcome {
  ok: boolean;
  checks: readonly AwsValidationCheck[];
}

const DEFAULT_TIMEOUT_S = { local: 600, aws: 900 } as const;

const HELP = [
  '',
  'Target local: creates the workspace and tenant demo-tenant when missing, uploads the',
  'bundled good sample call under a new key (validate-<timestamp>.wav), runs the worker until',
  'its result exists, then checks: the result fields and schema, qa_evaluation.criteria[],',
  'source.pii_redacted, the §10 queries (explode-criteria, failure-rate) return rows, the',
  'dashboard builds, no dead letter for the call, and none of the sample PII in its files.',
  '--timeout defaults to 600 s.',
  '',
  'Target aws: checks the tenant (--tenant, default demo-tenant) exists and both functions',
  'are Active, uploads the sample to <tenant>/calls/validate-<timestamp>.wav (SSE-KMS, agent',
  'id metadata) and follows it: job started, job completed, result written (the call ledger,',
  "the Transcribe job, the result object); a failed call shows the ledger's reason. Then the",
  'result fields, PII redaction and tenant_id tag, a crawler run, the §10 queries in the',
  "tenant's workgroup (rows for this call), the dashboard datasets' last SPICE refresh",
  '(SKIP when QuickSight is not set up), the alarms (none in ALARM) and the budgets (none',
  'exceeded). --timeout (default 900 s) bounds the whole run. The uploaded audio is deleted',
  'once its result exists (its result stays: results are data); --keep keeps it.',
  '',
  'Prints a check/result/detail table. Exit 0 when no check failed (SKIP is not a failure),',
  '1 otherwise; with --json the report is {ok, checks[]} (on failure inside the error details).',
  '',
  'Examples:',
  '  $ cci-lite validate end-to-end --timeout 300',
  '  $ cci-lite validate end-to-end --target aws --tenant acme --keep',
].join('\n');

export function createValidateEndToEndCommand(deps: ValidateEndToEndDeps = {}): CommandSpec {
  return defineCommand({
    path: ['validate', 'end-to-end'],
    summary: 'Upload a sample call, wait for its result and check the whole pipeline (guide §15)',
    help: HELP,
    configure: (cmd) =>
      cmd
        .addOption(
          new Option(
            '--timeout <seconds>',
            'how long the whole validation may wait (default: local 600, aws 900)',
          ).argParser(parseSeconds),
        )
        .option('--tenant <id>', 'tenant to validate with (aws target; default demo-tenant)')
        .option('--keep', 'keep the uploaded sample audio (aws target)'),
    async run(ctx, _args, options) {
      const seconds = typeof options.timeout === 'number' ? options.timeout : undefined;
      if (await isAwsTarget(ctx)) {
        const tenant = typeof options.tenant === 'string' ? options.tenant : undefined;
        const report = await onAwsDeployment(ctx, ({ clients, deployment }) =>
          validateOnAws({
            clients,
            ctx: deployment,
            reporter: ctx.reporter,
            timeoutMs: (seconds ?? DEFAULT_TIMEOUT_S.aws) * 1000,
            keep: options.keep === true,
            ...(tenant === undefined ? {} : { tenant }),
            ...(deps.clock === undefined ? {} : { clock: deps.clock }),
          }),
        );
        const extra =
          report.upload === undefined ? [] : [`${report.upload.uri}: ${report.upload.note}`];
        return printReport(ctx, report, extra);
      }
      if (typeof options.tenant === 'string') {
        throw userError(
          'AWS_TARGET_ONLY',
          '--tenant applies to --target aws; the local validation uses demo-tenant.',
        );
      }
      const config = await requireLocalConfig(ctx, 'validate end-to-end');
      const report = await validateEndToEnd({
        config,
        cwd: ctx.cwd,
        reporter: ctx.reporter,
        timeoutMs: (seconds ?? DEFAULT_TIMEOUT_S.local) * 1000,
      });
      printReport(ctx, report, []);
    },
  });
}

export const validateEndToEndCommand: CommandSpec = createValidateEndToEndCommand();

/** One table for both targets; exit code 1 (E2E_VALIDATION_FAILED) when a check failed. */
function printReport(ctx: CommandContext, report: ValidationOutcome, notes: string[]): void {
  const failed = report.checks.filter((c) => c.result === 'FAIL');
  if (failed.length > 0 && ctx.reporter.json) {
    // One JSON document on stdout: the error carries the report.
    throw new CciError('E2E_VALIDATION_FAILED', failedMessage(failed.length), {
      details: report,
    });
  }
  ctx.reporter.result(report, (style) => {
    const skipped = report.checks.filter((c) => c.result === 'SKIP').length;
    const passed = report.checks.length - skipped;
    return [
      renderTable(
        ['check', 'result', 'detail', 'ms'],
        report.checks.map((c) => [c.check, resultCell(c.result, style), c.detail, c.ms]),
      ),
      ...notes,
      report.ok
        ? style.green(
            skipped === 0
              ? `✔ all ${report.checks.length} checks passed`
              : `✔ ${passed} checks passed, ${skipped} skipped`,
          )
        : style.red(failedMessage(failed.length)),
    ].join('\n');
  });
  if (failed.length > 0) {
    throw new CciError('E2E_VALIDATION_FAILED', failedMessage(failed.length), {
      hint: 'See the detail column; dead letters: cci-lite dlq list (local) or the cci-lite-dlq queue (aws)',
    });
  }
}

function resultCell(result: AwsValidationCheck['result'], style: ChalkInstance): string {
  if (result === 'PASS') return style.green('PASS');
  if (result === 'SKIP') return style.yellow('SKIP');
  return style.red('FAIL');
}

function failedMessage(count: number): string {
  return `${count} end-to-end check(s) failed`;
}

function parseSeconds(value: string): number {
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0) {
    throw userError(
      'INVALID_TIMEOUT',
      `--timeout ${JSON.stringify(value)} is not a number of seconds.`,
      {
        hint: 'Give a positive number, for example --timeout 300.',
      },
    );
  }
  return n;
}
