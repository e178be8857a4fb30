import type { CommandContext } from '../command.js';
import { userError } from '../../core/errors.js';
import { workspacePaths, type WorkspacePaths } from '../../local/workspace-paths.js';

/**
 * The local workspace the analytics commands read. On the aws target the same
 * reports run on Athena and QuickSight instead, so asking for the local engine
 * there is a mistake the operator can fix.
 */
export async function localWorkspace(
  ctx: CommandContext,
  command: string,
): Promise<WorkspacePaths> {
  const { config } = await ctx.loadConfig();
  if (config.target !== 'local') {
    throw userError(
      'LOCAL_TARGET_ONLY',
      `${command} reads the local workspace, but the target is ${config.target}.`,
      {
        hint: `Add --target local to use the local results in ${config.workspace}/.`,
      },
    );
  }
  return workspacePaths(ctx.cwd, config.workspace);
}

/** A string option, or undefined when absent. */
export function stringOption(options: Record<string, unknown>, name: string): string | undefined {
  const value = options[name];
  return typeof value === 'string' ? value : undefined;
}
