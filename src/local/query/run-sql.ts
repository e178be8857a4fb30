import type { WorkspacePaths } from '../workspace-paths.js';
import { assertQueryTenant } from '../../analytics/query-params.js';
import { CciError } from '../../core/errors.js';
import { QuerySession, type QueryResult } from './query-session.js';
import { engineError, userSqlError } from './query-errors.js';
import type { ResultLayout } from './sources.js';

export interface RunSqlOptions {
  /** Scope every view to this tenant's files; absent: all tenants. */
  tenant?: string;
  layout?: ResultLayout;
}

/** Runs the operator's own SQL against the results, calls and criteria views. */
export async function runSql(
  paths: WorkspacePaths,
  sql: string,
  options: RunSqlOptions = {},
): Promise<QueryResult> {
  const tenant = options.tenant === undefined ? undefined : assertQueryTenant(options.tenant);
  let session: QuerySession;
  try {
    session = await QuerySession.open(paths, {
      ...(tenant === undefined ? {} : { tenant }),
      layout: options.layout ?? 'json',
    });
  } catch (err) {
    throw err instanceof CciError ? err : engineError('Opening the results', err);
  }
  try {
    return await session.run(sql);
  } catch (err) {
    // A damaged results file is already a named CciError; anything else is the SQL's.
    throw err instanceof CciError ? err : userSqlError(err);
  } finally {
    session.close();
  }
}
