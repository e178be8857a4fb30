import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { basename } from 'node:path';
import { userError } from '../core/errors.js';
import type { CciConfig } from '../core/config/schema.js';
import { TenantStore } from '../pipeline/tenant-store.js';
import { SqliteQueue, type SqliteQueueOptions } from './queue/sqlite-queue.js';
import { FsObjectStore } from './store/fs-object-store.js';
import { SqliteConfigStore } from './store/sqlite-config-store.js';
import { workspacePaths, type WorkspacePaths } from './workspace-paths.js';

export interface WorkspaceItem {
  /** What it is: "bucket cci-lite-input", "config store", ... */
  name: string;
  path: string;
}

export interface InitReport {
  root: string;
  created: WorkspaceItem[];
  found: WorkspaceItem[];
}

/**
 * Creates the local workspace: the three buckets as directories, the object
 * metadata directory, the transcription job registry, the reports directory,
 * the SQLite config store and the SQLite queue. Safe to run twice: the second
 * run finds everything and creates nothing. With `dryRun` it only reports what
 * it would create.
 */
export async function initWorkspace(
  paths: WorkspacePaths,
  options: { dryRun?: boolean } = {},
): Promise<InitReport> {
  const dryRun = options.dryRun === true;
  const report: InitReport = { root: paths.root, created: [], found: [] };
  const note = (item: WorkspaceItem, existed: boolean): void => {
    (existed ? report.found : report.created).push(item);
  };
  const dirs: WorkspaceItem[] = [
    { name: 'workspace', path: paths.root },
    ...Object.values(paths.buckets).map((path) => ({
      name: `bucket ${basename(path)}`,
      path,
    })),
    { name: 'object metadata', path: paths.meta },
    { name: 'transcription jobs', path: paths.jobs },
    { name: 'reports', path: paths.reports },
  ];
  for (const dir of dirs) {
    const existed = existsSync(dir.path);
    if (!dryRun) await mkdir(dir.path, { recursive: true });
    note(dir, existed);
  }
  const configExisted = existsSync(paths.configDb);
  if (!dryRun) new SqliteConfigStore(paths.configDb).close();
  note({ name: 'config store (SQLite)', path: paths.configDb }, configExisted);
  const queueExisted = existsSync(paths.queueDb);
  if (!dryRun) new SqliteQueue(paths.queueDb).close();
  note({ name: 'queue and dead-letter queue (SQLite)', path: paths.queueDb }, queueExisted);
  return report;
}

export interface LocalWorkspace {
  paths: WorkspacePaths;
  objects: FsObjectStore;
  configStore: SqliteConfigStore;
  tenants: TenantStore;
  queue: SqliteQueue;
  close(): void;
}

export function workspacePathsFor(
  config: Pick<CciConfig, 'workspace'>,
  cwd: string,
): WorkspacePaths {
  return workspacePaths(cwd, config.workspace);
}

/** Opens an initialised workspace; a missing one is the operator's to create with `init`. */
export function openWorkspace(
  config: Pick<CciConfig, 'workspace'>,
  cwd: string,
  options: { queue?: SqliteQueueOptions } = {},
): LocalWorkspace {
  const paths = workspacePathsFor(config, cwd);
  if (!existsSync(paths.configDb) || !existsSync(paths.queueDb)) {
    throw userError('WORKSPACE_NOT_FOUND', `No cci-lite workspace at ${paths.root}.`, {
      hint: 'Create it with: cci-lite init',
    });
  }
  const configStore = new SqliteConfigStore(paths.configDb);
  const queue = new SqliteQueue(paths.queueDb, options.queue);
  return {
    paths,
    objects: new FsObjectStore(paths),
    configStore,
    tenants: new TenantStore(configStore),
    queue,
    close() {
      queue.close();
      configStore.close();
    },
  };
}

/** Opens the workspace, runs the work, and always closes the databases. */
export async function withWorkspace<T>(
  config: Pick<CciConfig, 'workspace'>,
  cwd: string,
  work: (ws: LocalWorkspace) => Promise<T>,
): Promise<T> {
  const ws = openWorkspace(config, cwd);
  try {
    return await work(ws);
  } finally {
    ws.close();
  }
}
