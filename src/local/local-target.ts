import { userError } from '../core/errors.js';
import type { CciConfig } from '../core/config/schema.js';
import type { LoadedConfig } from '../config/load-config.js';
import { withWorkspace, type LocalWorkspace } from './workspace.js';

/**
 * Commands that work on the local workspace. On target aws they say so and
 * exit 2 until the aws implementation is wired in.
 */
export async function requireLocalConfig(
  ctx: { loadConfig(): Promise<LoadedConfig> },
  command: string,
): Promise<CciConfig> {
  const { config } = await ctx.loadConfig();
  if (config.target !== 'local') {
    throw userError(
      'NOT_AVAILABLE',
      `"cci-lite ${command}" is not available for target ${config.target} yet.`,
      { hint: 'Use --target local (the workspace on this machine).' },
    );
  }
  return config;
}

/** Loads the config, checks the target is local, and runs the work on the open workspace. */
export async function onLocalWorkspace<T>(
  ctx: { loadConfig(): Promise<LoadedConfig>; cwd: string },
  command: string,
  work: (ws: LocalWorkspace, config: CciConfig) => Promise<T>,
): Promise<T> {
  const config = await requireLocalConfig(ctx, command);
  return withWorkspace(config, ctx.cwd, (ws) => work(ws, config));
}
