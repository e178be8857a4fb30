import {
  DescribeDataSetCommand,
  ListIngestionsCommand,
  type Ingestion,
  type QuickSightClient,
} from '@aws-sdk/client-quicksight';
import { QUICKSIGHT_IDS } from '../catalog-names.js';
import { awsErrorCode, isAwsError } from '../provision/step.js';

/** The three datasets of guide §11 (results, exploded criteria, RLS rules). */
export const DASHBOARD_DATASETS: readonly string[] = [
  QUICKSIGHT_IDS.resultsDataSet,
  QUICKSIGHT_IDS.criteriaDataSet,
  QUICKSIGHT_IDS.rlsDataSet,
];

/** The latest SPICE refresh of one dataset. */
export interface DataSetRefresh {
  dataSet: string;
  /** `direct-query`: not in SPICE, nothing to refresh; `never`: in SPICE, no ingestion yet. */
  status: string;
  /** ISO time the latest ingestion was created. */
  at: string | undefined;
  rows: number | undefined;
  error: string | undefined;
  /** A newer ingestion still running while `status` is the last finished one. */
  running: boolean;
}

export type SpiceReport =
  { skipped: false; dataSets: DataSetRefresh[] } | { skipped: true; reason: string; hint: string };

/** QuickSight not subscribed, or the edition has no API for it: nothing to check. */
const NOT_SET_UP = ['UnsupportedUserEditionException', 'UnsupportedPricingPlanException'];
const FINISHED = new Set(['COMPLETED', 'FAILED', 'CANCELLED']);
const MAX_PAGES = 10;

export const QUICKSIGHT_HINT =
  'Subscribe to QuickSight (Enterprise) in this region, then run cci-lite init --target aws to create the datasets.';

/**
 * The dashboard datasets' latest SPICE refresh. A deployment without
 * QuickSight (not subscribed, or no dataset created) is reported as skipped
 * rather than failed: the rest of the pipeline works without it.
 */
export async function spiceStatus(
  quicksight: QuickSightClient,
  accountId: string,
): Promise<SpiceReport> {
  const dataSets: DataSetRefresh[] = [];
  const missing: string[] = [];
  for (const id of DASHBOARD_DATASETS) {
    let importMode: string | undefined;
    try {
      const out = await quicksight.send(
        new DescribeDataSetCommand({ AwsAccountId: accountId, DataSetId: id }),
      );
      importMode = out.DataSet?.ImportMode;
    } catch (err) {
      if (isAwsError(err, ...NOT_SET_UP)) {
        return {
          skipped: true,
          reason: `QuickSight is not set up (${awsErrorCode(err)})`,
          hint: QUICKSIGHT_HINT,
        };
      }
      if (!isAwsError(err, 'ResourceNotFoundException')) throw err;
      missing.push(id);
      continue;
    }
    dataSets.push(
      importMode === 'SPICE'
        ? latestRefresh(id, await listIngestions(quicksight, accountId, id))
        : {
            dataSet: id,
            status: 'direct-query',
            at: undefined,
            rows: undefined,
            error: undefined,
            running: false,
          },
    );
  }
  if (dataSets.length === 0) {
    return {
      skipped: true,
      reason: `no dashboard dataset (${missing.join(', ')}): QuickSight not subscribed or not provisioned`,
      hint: QUICKSIGHT_HINT,
    };
  }
  for (const id of missing) {
    dataSets.push({
      dataSet: id,
      status: 'missing',
      at: undefined,
      rows: undefined,
      error: undefined,
      running: false,
    });
  }
  return { skipped: false, dataSets };
}

/** True when a refresh is as it should be: finished COMPLETED, or nothing to refresh. */
export function refreshHealthy(r: DataSetRefresh): boolean {
  return r.status === 'COMPLETED' || r.status === 'direct-query';
}

async function listIngestions(
  quicksight: QuickSightClient,
  accountId: string,
  dataSetId: string,
): Promise<Ingestion[]> {
  const out: Ingestion[] = [];
  let token: string | undefined;
  let pages = 0;
  do {
    const page = await quicksight.send(
      new ListIngestionsCommand({
        AwsAccountId: accountId,
        DataSetId: dataSetId,
        MaxResults: 100,
        ...(token === undefined ? {} : { NextToken: token }),
      }),
    );
    out.push(...(page.Ingestions ?? []));
    token = page.NextToken;
    pages++;
  } while (token !== undefined && pages < MAX_PAGES);
  return out;
}

/** The list is not ordered: the newest finished ingestion decides, a newer running one is noted. */
function latestRefresh(dataSet: string, ingestions: readonly Ingestion[]): DataSetRefresh {
  const newestFirst = [...ingestions].sort(
    (a, b) => (b.CreatedTime?.getTime() ?? 0) - (a.CreatedTime?.getTime() ?? 0),
  );
  const finished = newestFirst.find((i) => FINISHED.has(i.IngestionStatus ?? ''));
  const running = newestFirst[0] !== undefined && newestFirst[0] !== finished;
  if (finished === undefined) {
    return {
      dataSet,
      status: running ? (newestFirst[0]?.IngestionStatus ?? 'RUNNING') : 'never',
      at: newestFirst[0]?.CreatedTime?.toISOString(),
      rows: undefined,
      error: undefined,
      running,
    };
  }
  const error = finished.ErrorInfo;
  return {
    dataSet,
    status: finished.IngestionStatus ?? 'UNKNOWN',
    at: finished.CreatedTime?.toISOString(),
    rows: finished.RowInfo?.RowsIngested,
    error: error === undefined ? undefined : `${error.Type ?? ''}: ${error.Message ?? ''}`,
    running,
  };
}
