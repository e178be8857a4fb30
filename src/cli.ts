import { Command, CommanderError, Option } from 'commander';
import { COMMANDS } from './commands/index.js';
import { COMMAND_GROUPS } from './commands/groups.js';
import type { CommandContext, CommandSpec, GlobalOptions } from './commands/command.js';
import { loadConfig, type LoadedConfig } from './config/load-config.js';
import { toCciError, userError } from './core/errors.js';
import { TARGETS } from './core/config/schema.js';
import { createReporter, type OutputStream, type Reporter } from './ui/reporter.js';
import { VERSION } from './version.js';

/** Everything the CLI touches outside itself, so tests can run it in-process. */
export interface CliIo {
  stdout: OutputStream;
  stderr: OutputStream;
  stdinIsTTY: boolean;
  cwd: string;
  env: NodeJS.ProcessEnv;
}

/** Parses argv, runs one command and returns the exit code. Never throws. */
export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  // Answered only as the sole argument: subcommands have options of their own named
  // --version (a QA template version), which a program-wide flag would swallow.
  if (argv.length === 1 && (argv[0] === '--version' || argv[0] === '-V')) {
    io.stdout.write(`${VERSION}\n`);
    return 0;
  }
  let reporter = reporterFor(io, {
    json: argv.includes('--json'),
    verbose: argv.includes('--verbose'),
  });
  const program = buildProgram(io, (r) => {
    reporter = r;
  });
  try {
    await program.parseAsync([...argv], { from: 'user' });
    return 0;
  } catch (err) {
    if (err instanceof CommanderError) return commanderExit(err, reporter);
    const cci = toCciError(err);
    reporter.error(cci);
    return cci.exitCode;
  }
}

export function buildProgram(io: CliIo, onReporter: (r: Reporter) => void = () => {}): Command {
  const program = new Command('cci-lite')
    .description(
      'Provision and run a multi-tenant contact-centre call QA pipeline, ' +
        'on this machine (--target local, the default) or on AWS (--target aws).',
    )
    .addHelpText('after', '\nRun "cci-lite --version" (alone) to print the version.')
    .addOption(new Option('-t, --target <target>', 'where to run').choices([...TARGETS]))
    .option('-c, --config <file>', 'config file (default: ./cci-lite.config.json if present)')
    .option('--profile <name>', 'AWS profile for the aws target')
    .option('--region <region>', 'AWS region (default from config, else eu-central-1)')
    .option('--json', 'machine-readable JSON on stdout')
    .option('-y, --yes', 'answer yes to confirmations (needed without a TTY)')
    .option('--dry-run', 'show what would change without changing anything')
    .option('-v, --verbose', 'more detail, and stack traces on errors')
    .showHelpAfterError('(add --help for usage)')
    .exitOverride()
    .configureOutput({
      writeOut: (s) => io.stdout.write(s),
      writeErr: (s) => io.stderr.write(s),
    });

  const groups = new Map<string, Command>();
  for (const spec of COMMANDS) {
    const parent = groupFor(program, spec, groups);
    const leaf = spec.path[spec.path.length - 1] as string;
    const cmd = parent.command(leaf).description(spec.summary).exitOverride();
    spec.configure?.(cmd);
    if (spec.help !== undefined) cmd.addHelpText('after', spec.help);
    cmd.action(async (...raw: unknown[]) => {
      // commander passes (...args, options, command)
      const command = raw[raw.length - 1] as Command;
      const globals = readGlobals(command.optsWithGlobals());
      const reporter = reporterFor(io, globals);
      onReporter(reporter);
      const ctx = createContext(io, globals, reporter);
      await spec.run(ctx, raw.slice(0, -2), command.opts());
    });
  }
  return program;
}

function groupFor(program: Command, spec: CommandSpec, groups: Map<string, Command>): Command {
  let parent = program;
  let key = '';
  for (const name of spec.path.slice(0, -1)) {
    key = key === '' ? name : `${key} ${name}`;
    let group = groups.get(key);
    if (group === undefined) {
      group = parent
        .command(name)
        .description(COMMAND_GROUPS[key] ?? '')
        .exitOverride();
      groups.set(key, group);
    }
    parent = group;
  }
  return parent;
}

function readGlobals(opts: Record<string, unknown>): GlobalOptions {
  const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);
  return {
    target: str(opts.target) as GlobalOptions['target'],
    config: str(opts.config),
    profile: str(opts.profile),
    region: str(opts.region),
    json: opts.json === true,
    yes: opts.yes === true,
    dryRun: opts.dryRun === true,
    verbose: opts.verbose === true,
  };
}

function createContext(io: CliIo, globals: GlobalOptions, reporter: Reporter): CommandContext {
  let cached: Promise<LoadedConfig> | undefined;
  return {
    globals,
    reporter,
    cwd: io.cwd,
    interactive: io.stdinIsTTY && io.stderr.isTTY === true && !globals.yes && !globals.json,
    loadConfig() {
      cached ??= loadConfig({
        cwd: io.cwd,
        ...(globals.config === undefined ? {} : { configPath: globals.config }),
        overrides: { target: globals.target, region: globals.region, profile: globals.profile },
      });
      return cached;
    },
  };
}

function reporterFor(io: CliIo, opts: { json: boolean; verbose: boolean }): Reporter {
  const noColor = io.env.NO_COLOR !== undefined && io.env.NO_COLOR !== '';
  return createReporter({
    stdout: io.stdout,
    stderr: io.stderr,
    json: opts.json,
    verbose: opts.verbose,
    color: !noColor && io.stderr.isTTY === true,
  });
}

/** Help and version exit 0; usage mistakes are the operator's (exit 2). */
function commanderExit(err: CommanderError, reporter: Reporter): number {
  if (err.exitCode === 0) return 0;
  if (err.code === 'commander.help' || err.code === 'commander.helpDisplayed') return err.exitCode;
  // commander already printed its message to stderr; with --json also emit the error object.
  if (reporter.json) {
    reporter.error(userError('USAGE', err.message.replace(/^error: /, ''), { cause: err }));
  }
  return 2;
}
