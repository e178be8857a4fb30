import { resolve } from 'node:path';
import { userError } from '../core/errors.js';
import { ConfigSchema, type CciConfig, type Target } from '../core/config/schema.js';
import { parseOrThrow } from '../core/validation/problems.js';
import { parseJson, readTextFile } from '../io/json-file.js';

export const DEFAULT_CONFIG_FILE = 'cci-lite.config.json';

export interface ConfigOverrides {
  target?: Target;
  region?: string;
  profile?: string;
}

export interface LoadedConfig {
  config: CciConfig;
  /** The file read, or undefined when defaults were used. */
  path: string | undefined;
}

/**
 * Reads `cci-lite.config.json` (or the `--config` file), validates it and applies
 * the command-line overrides. Without a file, defaults fill everything; a file
 * named with `--config` must exist.
 */
export async function loadConfig(options: {
  cwd: string;
  configPath?: string;
  overrides?: ConfigOverrides;
}): Promise<LoadedConfig> {
  const explicit = options.configPath !== undefined;
  const path = resolve(options.cwd, options.configPath ?? DEFAULT_CONFIG_FILE);
  const raw = await readTextFile(path);
  if (raw === undefined && explicit) {
    throw userError('CONFIG_NOT_FOUND', `Config file ${path} does not exist.`, {
      hint: `Create it, or leave out --config to use ${DEFAULT_CONFIG_FILE} or the defaults.`,
    });
  }
  const data = raw === undefined ? {} : parseJson(raw, path);
  const merged = applyOverrides(data, options.overrides ?? {});
  const config = parseOrThrow(ConfigSchema, merged, {
    code: 'INVALID_CONFIG',
    what: raw === undefined ? 'Configuration' : `Config file ${path}`,
    hint: 'Fix the fields listed above, or remove them to use the defaults.',
  });
  return { config, path: raw === undefined ? undefined : path };
}

function applyOverrides(data: unknown, overrides: ConfigOverrides): unknown {
  if (typeof data !== 'object' || data === null || Array.isArray(data)) {
    return data; // let the schema report "expected object"
  }
  const defined = Object.fromEntries(Object.entries(overrides).filter(([, v]) => v !== undefined));
  return { ...data, ...defined };
}
