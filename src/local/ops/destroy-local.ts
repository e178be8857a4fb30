import { lstat, readdir, realpath, rm, rmdir } from 'node:fs/promises';
import { homedir } from 'node:os';
import { basename, dirname, join, parse, resolve, sep } from 'node:path';
import { userError } from '../../core/errors.js';
import type { WorkspacePaths } from '../workspace-paths.js';

/** What `destroy` did (or, on a dry run, would do) to one part of the workspace. */
export interface LocalDestroyItem {
  type: string;
  name: string;
  /** `delete` is the dry run's plan of `deleted`. */
  action: 'deleted' | 'delete' | 'absent' | 'kept';
  reason?: string;
}

export interface LocalDestroyReport {
  root: string;
  dryRun: boolean;
  purge: boolean;
  resources: LocalDestroyItem[];
}

/** SQLite keeps a database in up to four files (WAL mode adds -wal and -shm). */
const SQLITE_SUFFIXES = ['', '-wal', '-shm', '-journal'];
/** The object store's scratch directory for uploads in progress (src/local/store/fs-object-store.ts). */
const SCRATCH_DIR = 'partial';

interface Part {
  type: string;
  paths: string[];
  /** Data: removed only with --purge. */
  data?: string;
}

/**
 * `destroy` on the local target: removes the queue, the config store, the
 * transcription jobs, the reports and the upload scratch space; the buckets
 * (call audio, transcripts, results) and their object metadata stay unless
 * `purge`. With `purge` the workspace directory goes too, when nothing but
 * what cci-lite made is left in it. Only the workspace's own entries are ever
 * removed, and a workspace that is `/`, the home directory, the current
 * directory or one of their ancestors is refused.
 */
export async function destroyLocalWorkspace(
  paths: WorkspacePaths,
  options: { purge: boolean; dryRun: boolean; cwd: string; home?: string },
): Promise<LocalDestroyReport> {
  await assertSafeWorkspaceRoot(paths.root, { cwd: options.cwd, home: options.home ?? homedir() });
  const report: LocalDestroyReport = {
    root: paths.root,
    dryRun: options.dryRun,
    purge: options.purge,
    resources: [],
  };
  for (const part of workspaceParts(paths)) {
    report.resources.push(await removePart(part, options));
  }
  report.resources.push(await removeRoot(paths, options));
  return report;
}

/** Newest first, as `init` and the pipeline made them. */
function workspaceParts(paths: WorkspacePaths): Part[] {
  const sqlite = (file: string) => SQLITE_SUFFIXES.map((s) => `${file}${s}`);
  const bucketsRoot = dirname(paths.buckets.input);
  const kept = 'call audio, transcripts and results (--purge deletes them)';
  return [
    { type: 'queue and dead-letter queue (SQLite)', paths: sqlite(paths.queueDb) },
    { type: 'config store (SQLite)', paths: sqlite(paths.configDb) },
    { type: 'reports', paths: [paths.reports] },
    { type: 'transcription jobs', paths: [paths.jobs] },
    { type: 'upload scratch space', paths: [join(paths.root, SCRATCH_DIR)] },
    {
      type: 'object metadata',
      paths: [paths.meta],
      data: 'metadata and tags of the kept objects (--purge deletes them)',
    },
    ...Object.values(paths.buckets).map((path) => ({
      type: `bucket ${basename(path)}`,
      paths: [path],
      data: kept,
    })),
    { type: 'buckets directory', paths: [bucketsRoot], data: kept },
  ];
}

async function removePart(
  part: Part,
  options: { purge: boolean; dryRun: boolean },
): Promise<LocalDestroyItem> {
  const name = part.paths[0] ?? '';
  const present: string[] = [];
  for (const path of part.paths) if (await exists(path)) present.push(path);
  if (present.length === 0) return { type: part.type, name, action: 'absent' };
  if (part.data !== undefined && !options.purge) {
    return { type: part.type, name, action: 'kept', reason: part.data };
  }
  if (options.dryRun) return { type: part.type, name, action: 'delete' };
  // rm never follows a symbolic link: a link is removed, not what it points to.
  for (const path of present) await rm(path, { recursive: true, force: true });
  return { type: part.type, name, action: 'deleted' };
}

/** The workspace directory itself: only with --purge, and only when nothing foreign is in it. */
async function removeRoot(
  paths: WorkspacePaths,
  options: { purge: boolean; dryRun: boolean },
): Promise<LocalDestroyItem> {
  const item = { type: 'workspace', name: paths.root };
  if (!(await exists(paths.root))) return { ...item, action: 'absent' };
  if (!options.purge) return { ...item, action: 'kept', reason: 'holds the kept buckets' };
  const known = new Set(
    workspaceParts(paths).flatMap((p) => p.paths.map((path) => basename(path))),
  );
  const foreign = (await readdir(paths.root)).filter((entry) => {
    // On a dry run nothing was removed yet: cci-lite's own entries will be.
    return !options.dryRun || !known.has(entry);
  });
  if (foreign.length > 0) {
    return {
      ...item,
      action: 'kept',
      reason: `holds files cci-lite did not create: ${foreign.slice(0, 5).join(', ')}${foreign.length > 5 ? ', ...' : ''}`,
    };
  }
  if (options.dryRun) return { ...item, action: 'delete' };
  await rmdir(paths.root);
  return { ...item, action: 'deleted' };
}

/**
 * Refuses a workspace whose removal would reach beyond it: the file-system
 * root, the home directory, the current directory (a workspace of `.`), or an
 * ancestor of either (a workspace of `..`), compared both as given and with
 * symbolic links resolved.
 */
export async function assertSafeWorkspaceRoot(
  root: string,
  guard: { cwd: string; home: string },
): Promise<void> {
  const both = async (path: string) => [...new Set([resolve(path), await real(path)])];
  const [roots, cwds, homes] = await Promise.all([both(root), both(guard.cwd), both(guard.home)]);
  for (const candidate of roots) {
    const reason = dangerOf(candidate, cwds, homes);
    if (reason === undefined) continue;
    throw userError('UNSAFE_WORKSPACE', `Refusing to destroy workspace ${root}: it is ${reason}.`, {
      hint: 'Set "workspace" in cci-lite.config.json to the workspace directory itself (default .cci-lite).',
    });
  }
}

function dangerOf(candidate: string, cwds: string[], homes: string[]): string | undefined {
  if (parse(candidate).root === candidate) return 'the file-system root';
  if (homes.includes(candidate)) return 'the home directory';
  if (cwds.includes(candidate)) return 'the current directory';
  if ([...cwds, ...homes].some((p) => p.startsWith(candidate + sep))) {
    return 'a parent of the current or home directory';
  }
  return undefined;
}

async function real(path: string): Promise<string> {
  try {
    return await realpath(path);
  } catch {
    return resolve(path);
  }
}

async function exists(path: string): Promise<boolean> {
  try {
    await lstat(path);
    return true;
  } catch {
    return false;
  }
}
