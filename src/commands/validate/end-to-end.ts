import { Option } from 'commander';
import { defineCommand } from '../command.js';
import { CciError, userError } from '../../core/errors.js';
import { requireLocalConfig } from '../../local/local-target.js';
import { validateEndToEnd } from '../../local/ops/validate-local.js';
import { renderTable } from '../../ui/table.js';

interface ValidateContext {
  timeoutMs: number;
}

const DEFAULT_TIMEOUT_S = 600;

export const validateEndToEndCommand = defineCommand({
  path: ['validate', 'end-to-end'],
  summary: 'Upload a sample call, wait for its result and check the whole pipeline (guide §15)',
  help: [
    '',
    'Creates the workspace and tenant demo-tenant when missing, uploads the bundled good',
    'sample call under a new key (validate-<timestamp>.wav), runs the worker until its result',
    'exists, then checks: the result fields and schema, qa_evaluation.criteria[],',
    'source.pii_redacted, the §10 queries (explode-criteria, failure-rate) return rows, the',
    'dashboard builds, no dead letter for the call, and none of the sample PII in its files.',
    'Prints a pass/fail table. Exit 0 when every check passes, 1 otherwise; with --json the',
    'report is {ok, checks[]} (on failure inside the error details).',
    '',
    'Example:',
    '  $ cci-lite validate end-to-end --timeout 300',
  ].join('\n'),
  configure: (cmd) =>
    cmd.addOption(
      new Option('--timeout <seconds>', 'how long to wait for the result')
        .default(DEFAULT_TIMEOUT_S)
        .argParser(parseSeconds),
    ),
  async run(ctx, _args, options) {
    const config = await requireLocalConfig(ctx, 'validate end-to-end');
    const input: ValidateContext = {
      timeoutMs: (typeof options.timeout === 'number' ? options.timeout : DEFAULT_TIMEOUT_S) * 1000,
    };
    const report = await validateEndToEnd({
      config,
      cwd: ctx.cwd,
      reporter: ctx.reporter,
      timeoutMs: input.timeoutMs,
    });
    const failed = report.checks.filter((c) => c.result === 'FAIL');
    if (failed.length > 0 && ctx.reporter.json) {
      // One JSON document on stdout: the error carries the report.
      throw new CciError('E2E_VALIDATION_FAILED', failedMessage(failed.length), {
        details: report,
      });
    }
    ctx.reporter.result(report, (style) =>
      [
        renderTable(
          ['check', 'result', 'detail', 'ms'],
          report.checks.map((c) => [
            c.check,
            c.result === 'PASS' ? style.green('PASS') : style.red('FAIL'),
            c.detail,
            c.ms,
          ]),
        ),
        report.ok
          ? style.green(`✔ all ${report.checks.length} checks passed`)
          : style.red(failedMessage(failed.length)),
      ].join('\n'),
    );
    if (failed.length > 0) {
      throw new CciError('E2E_VALIDATION_FAILED', failedMessage(failed.length), {
        hint: 'See the detail column; dead letters: cci-lite dlq list',
      });
    }
  },
});

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
