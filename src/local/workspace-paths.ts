import { join, resolve } from 'node:path';
import type { BucketRole } from '../pipeline/ports.js';

/**
 * The local workspace (default `./.cci-lite/`): the guide's three buckets as
 * directories with the same key layout, object metadata and tags beside them,
 * the SQLite config store and queue, and the local transcriber's job registry.
 */
export interface WorkspacePaths {
  root: string;
  buckets: Record<BucketRole, string>;
  /** `<meta>/<bucket>/<key>.json` holds an object's metadata and tags. */
  meta: string;
  configDb: string;
  queueDb: string;
  /** One JSON file per transcription job, like Transcribe's job registry. */
  jobs: string;
  /** HTML dashboards and CSV exports. */
  reports: string;
}

export const LOCAL_BUCKET_DIRS: Record<BucketRole, string> = {
  input: 'cci-lite-input',
  results: 'cci-lite-results',
  staging: 'cci-lite-athena-staging',
};

export function workspacePaths(cwd: string, workspace: string): WorkspacePaths {
  const root = resolve(cwd, workspace);
  const bucketsRoot = join(root, 'buckets');
  return {
    root,
    buckets: {
      input: join(bucketsRoot, LOCAL_BUCKET_DIRS.input),
      results: join(bucketsRoot, LOCAL_BUCKET_DIRS.results),
      staging: join(bucketsRoot, LOCAL_BUCKET_DIRS.staging),
    },
    meta: join(root, 'object-meta'),
    configDb: join(root, 'config.sqlite'),
    queueDb: join(root, 'queue.sqlite'),
    jobs: join(root, 'transcribe-jobs'),
    reports: join(root, 'reports'),
  };
}

/** Transcripts go to `tmp/<tenant>/` of the results bucket (guide §7.2), so no tenant may be called `tmp`. */
export { RESERVED_TENANT_IDS } from '../pipeline/stages/call-key.js';
