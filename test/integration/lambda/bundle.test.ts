import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { unzipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildLambdaZips, type BuiltLambdaZip } from '../../../src/aws/lambda/bundle.js';
import { deriveResourceNames } from '../../../src/core/config/resource-names.js';
import { functionName, HANDLER_IDS } from '../../../src/aws/lambda/lambda-specs.js';

const run = promisify(execFile);
/** esbuild bundles the SDK, Powertools and zod twice over: seconds on a busy 2-core machine. */
const BUILD_TIMEOUT_MS = 180_000;
const REPO_ROOT = new URL('../../../', import.meta.url).pathname;

/**
 * The real handlers, bundled as deploy-lambdas bundles them, then loaded the
 * way Lambda loads them: from a directory holding nothing but the unzipped
 * files, in a fresh Node process without NODE_PATH, so a dependency left out
 * of the bundle cannot be found by walking up to a node_modules.
 */
describe('buildLambdaZips (real handlers)', () => {
  let first: BuiltLambdaZip[] = [];
  let second: BuiltLambdaZip[] = [];
  let outDir = '';
  let namedOutDir = '';
  const names = deriveResourceNames('123456789012', 'eu-west-2');
  const dirs: string[] = [];

  beforeAll(async () => {
    outDir = await mkdtemp(join(tmpdir(), 'cci-lambda-out-'));
    namedOutDir = await mkdtemp(join(tmpdir(), 'cci-lambda-named-'));
    dirs.push(outDir, namedOutDir);
    first = await buildLambdaZips({ outDir });
    second = await buildLambdaZips({ outDir: namedOutDir, names });
  }, BUILD_TIMEOUT_MS);

  afterAll(async () => {
    await Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true })));
  });

  const unzipToEmptyDir = async (zip: Uint8Array): Promise<string> => {
    const dir = await mkdtemp(join(tmpdir(), 'cci-lambda-zip-'));
    dirs.push(dir);
    for (const [path, data] of Object.entries(unzipSync(zip)))
      await writeFile(join(dir, path), data);
    return dir;
  };

  it('builds one zip per handler, in the order asked', () => {
    expect(first.map((z) => z.id)).toEqual([...HANDLER_IDS]);
  });

  it('is deterministic: building again gives the same bytes and CodeSha256', () => {
    for (const [i, zip] of first.entries()) {
      const again = second[i]!;
      expect(again.sha256).toBe(zip.sha256);
      expect(Buffer.from(again.zip).equals(Buffer.from(zip.zip))).toBe(true);
      expect(zip.sha256).toMatch(/^[A-Za-z0-9+/]{43}=$/);
      expect(zip.bytes).toBe(zip.zip.byteLength);
    }
  });

  it('holds exactly index.mjs and its source map, linked for --enable-source-maps', () => {
    for (const zip of first) {
      const files = unzipSync(zip.zip);
      expect(Object.keys(files).sort(), zip.id).toEqual(['index.mjs', 'index.mjs.map']);
      const code = new TextDecoder().decode(files['index.mjs']);
      expect(code.trimEnd().endsWith('//# sourceMappingURL=index.mjs.map'), zip.id).toBe(true);
      expect(files['index.mjs']!.byteLength).toBe(zip.bundleBytes);
      const map = JSON.parse(new TextDecoder().decode(files['index.mjs.map'])) as {
        sources: string[];
      };
      // Sources relative to the fixed virtual outfile: no build machine or temp path leaks in.
      expect(
        map.sources.some((s) => s.includes(`handlers/${zip.id}.`)),
        zip.id,
      ).toBe(true);
      expect(
        map.sources.every((s) => !s.startsWith('/')),
        zip.id,
      ).toBe(true);
    }
  });

  it('bundles the AWS SDK and every other dependency instead of importing them', () => {
    for (const zip of first) {
      const code = new TextDecoder().decode(unzipSync(zip.zip)['index.mjs']);
      // The SDK's own error text quotes `[require("@aws-sdk/signature-v4-crt");]` as advice
      // to the reader; that string is not a call.
      const calls = code.replaceAll('[require("@aws-sdk/signature-v4-crt");]', '');
      expect(calls, zip.id).not.toContain('require("@aws-sdk');
      expect(code, zip.id).not.toMatch(/\bfrom\s*"(?!node:)[^"]+"/);
      expect(code, zip.id).not.toContain(REPO_ROOT);
      expect(
        zip.largestInputs.map((i) => i.name),
        zip.id,
      ).toEqual(expect.arrayContaining([expect.stringMatching(/^@aws-sdk\//)]));
    }
  });

  it('loads in a fresh Node process from an empty directory and exports handler', async () => {
    for (const zip of first) {
      const dir = await unzipToEmptyDir(zip.zip);
      const env = { ...process.env };
      delete env['NODE_PATH'];
      delete env['NODE_OPTIONS'];
      const script = "const m = await import('./index.mjs'); console.log(typeof m.handler);";
      const { stdout } = await run(process.execPath, ['--input-type=module', '-e', script], {
        cwd: dir,
        env,
      });
      expect(stdout.trim(), zip.id).toBe('function');
    }
  }, 60_000);

  it('writes <outDir>/<id>.zip, or <outDir>/<function name>.zip given the resource names', async () => {
    for (const [i, zip] of first.entries()) {
      expect(zip.path, zip.id).toBe(join(outDir, `${zip.id}.zip`));
      expect(Buffer.from(await readFile(zip.path!)).equals(Buffer.from(zip.zip)), zip.id).toBe(
        true,
      );
      const named = second[i]!;
      expect(named.path).toBe(join(namedOutDir, `${functionName(named.id, names)}.zip`));
      expect(Buffer.from(await readFile(named.path!)).equals(Buffer.from(zip.zip))).toBe(true);
    }
  });
});
