import { createHash } from 'node:crypto';
import { isBuiltin } from 'node:module';
import { access, mkdir, writeFile } from 'node:fs/promises';
import { basename, extname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build, type BuildFailure, type BuildOptions, type Metafile } from 'esbuild';
import { CciError } from '../../core/errors.js';
import type { ResourceNames } from '../../core/config/resource-names.js';
import { embedVersionPlugin } from './bundle-version-plugin.js';
import { largestInputs, type BundleInput } from './bundle-inputs.js';
import { zipDeterministic, type ZipFileInput } from './deterministic-zip.js';
import {
  functionName,
  HANDLER_IDS,
  LAMBDA_FUNCTIONS,
  type HandlerId,
  type LambdaZip,
} from './lambda-specs.js';

/**
 * Builds each handler of guide §7 into its own deployable zip: one ESM file
 * `index.mjs` (the AWS SDK v3 clients and every other dependency bundled in,
 * so the function never depends on the SDK version of the runtime) and its
 * source map `index.mjs.map`. Same sources and dependencies → byte-identical
 * zip → same `CodeSha256`, so `deploy-lambdas` can tell an unchanged function
 * from a changed one.
 */
export interface BuildLambdaOptions {
  /** Which handlers to build; both by default. */
  ids?: readonly HandlerId[];
  /** Also write `<outDir>/<name>.zip` (`deploy-lambdas --build-only` writes dist/lambda/). */
  outDir?: string;
  /** With `outDir`: name the files after the deployed functions instead of the handler ids. */
  names?: ResourceNames;
  /** The package root (holds package.json and node_modules); found from this module by default. */
  packageRoot?: string;
}

export interface BuiltLambdaZip extends LambdaZip {
  /** Size of the unzipped `index.mjs`. */
  bundleBytes: number;
  /** Biggest contributors to `index.mjs`, largest first (for size reviews and the bench). */
  largestInputs: BundleInput[];
}

const BUNDLE_FILE = 'index.mjs';
const MAP_FILE = `${BUNDLE_FILE}.map`;

/**
 * esbuild's ESM output reaches CommonJS dependencies' `require()` of Node
 * built-ins through a global `require`, which ES modules do not have. The
 * import is aliased so it cannot collide with a name of the bundle.
 */
const REQUIRE_SHIM = [
  "import { createRequire as __cciCreateRequire } from 'node:module';",
  'const require = __cciCreateRequire(import.meta.url);',
].join('\n');

export async function buildLambdaZips(options: BuildLambdaOptions = {}): Promise<BuiltLambdaZip[]> {
  const packageRoot = options.packageRoot ?? defaultPackageRoot();
  const ids = [...new Set(options.ids ?? HANDLER_IDS)];
  // esbuild runs its own worker threads: building both at once overlaps their I/O.
  const zips = await Promise.all(ids.map((id) => buildOne(id, packageRoot)));
  if (options.outDir !== undefined) {
    await mkdir(options.outDir, { recursive: true });
    for (const zip of zips) {
      const name = options.names === undefined ? zip.id : functionName(zip.id, options.names);
      zip.path = join(options.outDir, `${name}.zip`);
      await writeFile(zip.path, zip.zip);
    }
  }
  return zips;
}

async function buildOne(id: HandlerId, packageRoot: string): Promise<BuiltLambdaZip> {
  const entryPoint = handlerEntry(id);
  await assertEntryExists(id, entryPoint);
  const { files, metafile } = await bundleHandler(id, entryPoint, packageRoot);
  const zip = zipDeterministic(files);
  return {
    id,
    zip,
    sha256: createHash('sha256').update(zip).digest('base64'),
    bytes: zip.byteLength,
    bundleBytes: files.find((f) => f.path === BUNDLE_FILE)?.data.byteLength ?? 0,
    largestInputs: largestInputs(metafile),
  };
}

/** The package root is three levels above this file in both src/aws/lambda and dist/aws/lambda. */
function defaultPackageRoot(): string {
  return fileURLToPath(new URL('../../../', import.meta.url));
}

/**
 * The handler's own module, next to this one: `src/handlers/<entry>.ts` when
 * running from source (tsx, vitest), `dist/handlers/<entry>.js` from the built CLI.
 */
export function handlerEntry(id: HandlerId): string {
  return siblingModule(`handlers/${LAMBDA_FUNCTIONS[id].entry}`);
}

/** A module of this package by its path under src/ (or dist/), with this module's extension. */
function siblingModule(pathUnderSrc: string): string {
  const ext = extname(fileURLToPath(import.meta.url));
  return fileURLToPath(new URL(`../../${pathUnderSrc}${ext}`, import.meta.url));
}

async function assertEntryExists(id: HandlerId, entryPoint: string): Promise<void> {
  try {
    await access(entryPoint);
  } catch (err) {
    throw new CciError('LAMBDA_ENTRY_MISSING', `The ${id} handler is missing: ${entryPoint}.`, {
      hint: 'Reinstall cci-lite, or run `npm run build` in a source checkout.',
      cause: err,
    });
  }
}

interface HandlerBundle {
  files: ZipFileInput[];
  metafile: Metafile;
}

async function bundleHandler(
  id: HandlerId,
  entryPoint: string,
  packageRoot: string,
): Promise<HandlerBundle> {
  const result = await build(bundleOptions(id, entryPoint, packageRoot)).catch((err: unknown) => {
    throw bundleError(id, err);
  });
  assertSelfContained(id, result.metafile);
  const files = result.outputFiles.map((f) => ({ path: basename(f.path), data: f.contents }));
  const names = files.map((f) => f.path).sort();
  if (names.join() !== [BUNDLE_FILE, MAP_FILE].join()) {
    throw new CciError('LAMBDA_BUNDLE_FAILED', `esbuild produced ${names.join(', ')} for ${id}.`);
  }
  return { files, metafile: result.metafile };
}

/**
 * Lambda's /var/task holds only the zip: a static import of anything but a
 * Node built-in would fail the module load, so it fails the build instead.
 * (esbuild leaves an unresolvable `require()` inside try/catch external: that
 * is a dependency probing for an optional package, harmless when it is absent.)
 */
function assertSelfContained(id: HandlerId, metafile: Metafile): void {
  const external = Object.values(metafile.outputs)
    .flatMap((o) => o.imports)
    .filter((i) => i.external && i.kind === 'import-statement' && !isBuiltin(i.path))
    .map((i) => i.path);
  if (external.length > 0) {
    throw new CciError(
      'LAMBDA_BUNDLE_EXTERNAL',
      `The ${id} bundle imports ${[...new Set(external)].join(', ')}, which the zip does not contain.`,
    );
  }
}

export function bundleOptions(
  id: HandlerId,
  entryPoint: string,
  packageRoot: string,
): BuildOptions & { write: false; metafile: true } {
  return {
    entryPoints: [entryPoint],
    // Never written (write: false), but fixed: the source map's relative
    // `sources` are computed from it, so they must not depend on where the
    // build runs or on a temp dir.
    outfile: join(packageRoot, 'dist', 'lambda', id, BUNDLE_FILE),
    absWorkingDir: packageRoot,
    write: false,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node22',
    // ESM builds of dependencies (the SDK's dist-es) tree-shake far better than their CJS builds.
    mainFields: ['module', 'main'],
    treeShaking: true,
    minify: true,
    // Minified, but function and class names survive for stack traces and error names.
    keepNames: true,
    // `linked` writes the map AND the `sourceMappingURL` comment that Node's
    // --enable-source-maps needs to find it. Without sourcesContent the map
    // stays small: stack traces need positions, not the sources.
    sourcemap: 'linked',
    sourcesContent: false,
    legalComments: 'none',
    metafile: true,
    logLevel: 'silent',
    banner: { js: REQUIRE_SHIM },
    // CommonJS dependencies may read __dirname/__filename, which ES modules lack;
    // only free (undeclared) uses are replaced.
    define: { __dirname: 'import.meta.dirname', __filename: 'import.meta.filename' },
    plugins: [embedVersionPlugin(siblingModule('version'), packageRoot)],
  };
}

function bundleError(id: HandlerId, err: unknown): CciError {
  const failure = err as Partial<BuildFailure>;
  const messages = (failure.errors ?? []).slice(0, 5).map((m) => {
    const at = m.location === null ? '' : `${m.location.file}:${m.location.line}: `;
    return `${at}${m.text}`;
  });
  const detail = messages.length > 0 ? messages.join('\n') : String(err);
  return new CciError('LAMBDA_BUNDLE_FAILED', `Bundling the ${id} handler failed:\n${detail}`, {
    cause: err,
  });
}
