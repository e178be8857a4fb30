import type { WorkspacePaths } from '../workspace-paths.js';
import { getNamedQuery } from '../../analytics/sql-catalogue.js';
import { resolveQueryParams, type QueryParamsInput } from '../../analytics/query-params.js';
import { CciError } from '../../core/errors.js';
import { QuerySession, type QueryResult } from './query-session.js';
import { engineError } from './query-errors.js';
import type { ResultLayout } from './sources.js';

export interface NamedQueryOptions extends QueryParamsInput {
  /** json (default): the results files; parquet: the `etl parquet` export. */
  layout?: ResultLayout;
}

/** Runs one catalogue query for one tenant; only that tenant's files are read. */
export async function runNamedQuery(
  paths: WorkspacePaths,
  name: string,
  options: NamedQueryOptions,
): Promise<QueryResult> {
  const query = getNamedQuery(name);
  const params = resolveQueryParams(options);
  let session: QuerySession | undefined;
  try {
    session = await QuerySession.open(paths, {
      tenant: params.tenant,
      layout: options.layout ?? 'json',
    });
    return await session.runNamed(query, options);
  } catch (err) {
    if (err instanceof CciError) throw err;
    throw engineError(`Query ${name}`, err);
  } finally {
    session?.close();
  }
}
