import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  assertSafeWorkspaceRoot,
  destroyLocalWorkspace,
} from '../../../src/local/ops/destroy-local.js';
import { initWorkspace } from '../../../src/local/workspace.js';
import { workspacePaths, type WorkspacePaths } from '../../../src/local/workspace-paths.js';
import { runCliCaptured } from '../../helpers/capture-io.js';

let cwd: string;
let home: string;
let paths: WorkspacePaths;

beforeEach(async () => {
  cwd = await mkdtemp(join(tmpdir(), 'cci-destroy-local-'));
  home = join(cwd, 'home');
  await mkdir(home);
  paths = workspacePaths(cwd, '.cci-lite');
  await initWorkspace(paths);
  await writeFile(join(paths.buckets.input, 'call.wav'), 'audio');
  await writeFile(join(paths.reports, 'acme.html'), '<html></html>');
});
afterEach(async () => {
  await rm(cwd, { recursive: true, force: true });
});

const destroy = (options: { purge: boolean; dryRun?: boolean }) =>
  destroyLocalWorkspace(paths, { dryRun: false, ...options, cwd, home });

describe('destroyLocalWorkspace', () => {
  it('without --purge removes queue, config store, jobs and reports; keeps the buckets', async () => {
    const out = await destroy({ purge: false });

    expect(existsSync(paths.queueDb)).toBe(false);
    expect(existsSync(paths.configDb)).toBe(false);
    expect(existsSync(paths.jobs)).toBe(false);
    expect(existsSync(paths.reports)).toBe(false);
    expect(existsSync(join(paths.buckets.input, 'call.wav'))).toBe(true);
    expect(existsSync(paths.meta)).toBe(true);
    expect((await readdir(paths.root)).sort()).toEqual(['buckets', 'object-meta']);
    const byType = new Map(out.resources.map((r) => [r.type, r]));
    expect(byType.get('queue and dead-letter queue (SQLite)')?.action).toBe('deleted');
    expect(byType.get('config store (SQLite)')?.action).toBe('deleted');
    expect(byType.get('bucket cci-lite-input')).toMatchObject({
      action: 'kept',
      reason: expect.stringContaining('--purge'),
    });
    expect(byType.get('workspace')).toMatchObject({ action: 'kept' });
  });

  it('with --purge removes the whole workspace', async () => {
    const out = await destroy({ purge: true });

    expect(existsSync(paths.root)).toBe(false);
    expect(existsSync(cwd)).toBe(true);
    expect(out.resources.find((r) => r.type === 'workspace')?.action).toBe('deleted');
    expect(out.resources.some((r) => r.action === 'kept')).toBe(false);
  });

  it('a second run finds everything absent', async () => {
    await destroy({ purge: true });
    const again = await destroy({ purge: true });
    expect(new Set(again.resources.map((r) => r.action))).toEqual(new Set(['absent']));
  });

  it('with --purge keeps the directory when it holds files cci-lite did not create', async () => {
    await writeFile(join(paths.root, 'notes.txt'), 'mine');

    const out = await destroy({ purge: true });

    expect(await readdir(paths.root)).toEqual(['notes.txt']);
    expect(out.resources.find((r) => r.type === 'workspace')).toMatchObject({
      action: 'kept',
      reason: expect.stringContaining('notes.txt'),
    });
  });

  it('a dry run changes nothing and plans each deletion', async () => {
    const before = (await readdir(paths.root)).sort();

    const out = await destroy({ purge: true, dryRun: true });

    expect((await readdir(paths.root)).sort()).toEqual(before);
    expect(out.resources.find((r) => r.type === 'workspace')?.action).toBe('delete');
    expect(out.resources.find((r) => r.type === 'reports')?.action).toBe('delete');
  });
});

describe('assertSafeWorkspaceRoot', () => {
  it.each([
    ['/', 'the file-system root'],
    ['.', 'the current directory'],
    ['..', 'a parent of the current or home directory'],
    ['home', 'the home directory'],
  ])('refuses %s (%s)', async (workspace, reason) => {
    const root = workspacePaths(cwd, workspace).root;
    await expect(assertSafeWorkspaceRoot(root, { cwd, home })).rejects.toMatchObject({
      code: 'UNSAFE_WORKSPACE',
      exitCode: 2,
      message: expect.stringContaining(reason),
    });
  });

  it('accepts a workspace below the current directory', async () => {
    await expect(assertSafeWorkspaceRoot(paths.root, { cwd, home })).resolves.toBeUndefined();
  });
});

describe('cci-lite destroy (local)', () => {
  const cli = (...argv: string[]) => runCliCaptured(argv, { cwd });

  it('refuses without a TTY and without --yes (exit 2), deleting nothing', async () => {
    const run = await cli('destroy');
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('--yes');
    expect(existsSync(paths.queueDb)).toBe(true);
  });

  it('--yes destroys and prints the table and summary', async () => {
    const run = await cli('--yes', 'destroy');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('config store (SQLite)');
    expect(run.stdout).toMatch(/\d+ deleted, 0 scheduled, \d+ kept, \d+ absent, 0 failed/);
    expect(existsSync(paths.buckets.input)).toBe(true);
  });

  it('refuses a workspace that is the current directory', async () => {
    await writeFile(join(cwd, 'cci-lite.config.json'), JSON.stringify({ workspace: '.' }));
    const run = await cli('--yes', 'destroy', '--purge');
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('UNSAFE_WORKSPACE');
    expect(existsSync(join(cwd, 'cci-lite.config.json'))).toBe(true);
  });

  it('--confirm must name the workspace when given', async () => {
    const run = await cli('--yes', 'destroy', '--confirm', '/somewhere/else');
    expect(run.code).toBe(2);
    expect(existsSync(paths.queueDb)).toBe(true);
  });
});
