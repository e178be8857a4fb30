import type { Command } from 'commander';
import type { Reporter } from '../ui/reporter.js';
import type { LoadedConfig } from '../config/load-config.js';
import type { Target } from '../core/config/schema.js';

/** Options every command accepts (declared once on the program). */
export interface GlobalOptions {
  target?: Target;
  config?: string;
  profile?: string;
  region?: string;
  json: boolean;
  yes: boolean;
  dryRun: boolean;
  verbose: boolean;
}

/** What a command receives: parsed globals, the I/O host, and lazy config. */
export interface CommandContext {
  globals: GlobalOptions;
  reporter: Reporter;
  cwd: string;
  /** True when prompts may be shown (stdin and stderr are TTYs and --yes was not given). */
  interactive: boolean;
  loadConfig(): Promise<LoadedConfig>;
}

/**
 * One entry of the command registry. `path` places it in the tree
 * (`['qa-template', 'validate']`); `configure` declares its arguments and
 * options; `run` turns them into a typed context and calls one engine function.
 */
export interface CommandSpec {
  path: readonly [string, ...string[]];
  summary: string;
  /** Extra help shown after the options: examples, defaults, what it writes. */
  help?: string;
  configure?(cmd: Command): void;
  run(
    ctx: CommandContext,
    args: readonly unknown[],
    options: Record<string, unknown>,
  ): Promise<void>;
}

export function defineCommand(spec: CommandSpec): CommandSpec {
  return spec;
}
