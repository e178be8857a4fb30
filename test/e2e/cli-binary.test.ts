import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const run = promisify(execFile);
const bin = fileURLToPath(new URL('../../bin/cci-lite', import.meta.url));
const root = fileURLToPath(new URL('../..', import.meta.url));

/** The built executable, as an operator runs it (`npm test` builds first). */
async function cli(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, [bin, ...args], { cwd: root });
    return { code: 0, stdout, stderr };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

describe('bin/cci-lite (built)', () => {
  it('lists the registered commands', async () => {
    const r = await cli(['--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('qa-template');
    expect(r.stdout).toContain('config');
  });

  it('validates the default template with exit 0', async () => {
    const r = await cli(['qa-template', 'validate', 'templates/qa/default.json']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('valid QA template');
  });

  it('sets exit code 2 for a broken template', async () => {
    const r = await cli(['qa-template', 'validate', 'package.json']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('INVALID_QA_TEMPLATE');
  });
});
