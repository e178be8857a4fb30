import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Plugin } from 'esbuild';
import { CciError } from '../../core/errors.js';

/**
 * src/version.ts reads `../package.json` at run time through `createRequire`
 * (an import of a file outside src/ would break the build's rootDir). esbuild
 * cannot see through a require made that way, and /var/task holds no
 * package.json, so the bundled module would throw on import. The bundle gets
 * the same `VERSION` export with the version embedded at build time instead.
 *
 * `versionModule` is the absolute path of the project's version module as
 * esbuild resolves it (src/version.ts or dist/version.js).
 */
export function embedVersionPlugin(versionModule: string, packageRoot: string): Plugin {
  const filter = new RegExp(`^${escapeRegExp(versionModule)}$`);
  return {
    name: 'cci-embed-version',
    setup(build) {
      build.onLoad({ filter }, async () => ({
        contents: `export const VERSION = ${JSON.stringify(await packageVersion(packageRoot))};\n`,
        loader: 'js',
      }));
    },
  };
}

async function packageVersion(packageRoot: string): Promise<string> {
  const file = join(packageRoot, 'package.json');
  const pkg = JSON.parse(await readFile(file, 'utf8')) as { version?: unknown };
  if (typeof pkg.version !== 'string') {
    throw new CciError('LAMBDA_BUNDLE_FAILED', `${file} has no "version" to embed in the bundle.`);
  }
  return pkg.version;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}
