import {
  DeleteCrawlerCommand,
  DeleteDatabaseCommand,
  DeleteTableCommand,
  GetCrawlerCommand,
  GetDatabaseCommand,
  GetTableCommand,
  StopCrawlerCommand,
  type GlueClient,
} from '@aws-sdk/client-glue';
import { CURATED_RESULTS_TABLE, PARQUET_RESULTS_TABLE, RLS_RULES_TABLE } from '../catalog-names.js';
import { isAwsError } from '../provision/step.js';
import { missingWhen } from './destroy-recorder.js';
import type { DestroyStep } from './destroy-step.js';

const missing = missingWhen('EntityNotFoundException');

/** The explicitly defined tables, newest first; tables the crawler made go with the database. */
const TABLES = [RLS_RULES_TABLE, PARQUET_RESULTS_TABLE, CURATED_RESULTS_TABLE] as const;

/**
 * Guide §9 in reverse: the catalogue tables, the crawler (stopped first when it
 * is running, since a running crawler cannot be deleted), the database. Only
 * the catalogue goes: the files the tables describe are in the buckets.
 */
export const glueDestroyStep: DestroyStep = {
  id: 'glue',
  title: '§9 Glue catalogue',
  async run(clients, ctx, r) {
    const glue = clients.glue;
    const { glueDatabase: DatabaseName, crawler } = ctx.deployment.names;
    for (const Name of TABLES) {
      await r.readAndRemove(
        { type: 'Glue table', name: `${DatabaseName}.${Name}` },
        async () => (await glue.send(new GetTableCommand({ DatabaseName, Name }))).Table,
        () => glue.send(new DeleteTableCommand({ DatabaseName, Name })),
        missing,
      );
    }
    await r.readAndRemove(
      { type: 'Glue crawler', name: crawler },
      async () => (await glue.send(new GetCrawlerCommand({ Name: crawler }))).Crawler,
      async (found) => {
        if (found.State === 'RUNNING') await stopCrawler(glue, crawler);
        await glue.send(new DeleteCrawlerCommand({ Name: crawler }));
      },
      missing,
    );
    await r.readAndRemove(
      { type: 'Glue database', name: DatabaseName },
      async () => (await glue.send(new GetDatabaseCommand({ Name: DatabaseName }))).Database,
      () => glue.send(new DeleteDatabaseCommand({ Name: DatabaseName })),
      missing,
    );
  },
};

/**
 * A crawler that finished meanwhile answers CrawlerNotRunningException: fine.
 * One still stopping makes the delete fail (CrawlerRunningException); the
 * report says so and the next run deletes it.
 */
async function stopCrawler(glue: GlueClient, Name: string): Promise<void> {
  try {
    await glue.send(new StopCrawlerCommand({ Name }));
  } catch (err) {
    if (!isAwsError(err, 'CrawlerNotRunningException')) throw err;
  }
}
