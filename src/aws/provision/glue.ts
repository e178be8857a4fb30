import {
  CreateCrawlerCommand,
  CreateDatabaseCommand,
  GetCrawlerCommand,
  GetDatabaseCommand,
  GetTagsCommand,
  TagResourceCommand,
  UpdateCrawlerCommand,
  type Crawler,
  type GlueClient,
} from '@aws-sdk/client-glue';
import { tagsToRecord, type Tag } from '../../core/config/tags.js';
import { PARQUET_PREFIX, REPORTS_PREFIX } from '../catalog-names.js';
import type { AwsClients } from '../clients.js';
import {
  arn,
  change,
  observedFrom,
  parseJson,
  readOrMissing,
  sameJson,
  tagChanges,
  tagsToApply,
  upstreamOutput,
} from './reconcile.js';
import { StepRecorder, type DeploymentContext, type ProvisionStep } from './step.js';

/** Output keys. */
export const GLUE_DATABASE = 'glueDatabaseName';
export const GLUE_CRAWLER = 'glueCrawlerName';

const STEP = 'glue';
const DATABASE = 'Glue database';
const CRAWLER = 'Glue crawler';

/** Prefix of the crawler's table names, kept apart from the tables cci-lite defines. */
export const CRAWLER_TABLE_PREFIX = 'crawled_';

/** Daily at 02:00 UTC, after the day's calls are in (guide §9 "schedule Daily"). */
export const CRAWLER_SCHEDULE = 'cron(0 2 * * ? *)';

/**
 * Settings of the results crawler (guide §9) beyond its name and role:
 * - the results bucket without `tmp/`, where Transcribe writes its raw output,
 *   `parquet/` (the compaction's copy) and `reports/` (runbook exports);
 * - its tables named `crawled_...`, so it can never replace or shadow the
 *   curated `results` table the glue-tables step defines;
 * - one table for all tenants and days (`CombineCompatibleSchemas`), whose
 *   partitions inherit the table's schema;
 * - schema changes update the catalogue, removed objects are only logged
 *   (results expire after 30 days, guide §2, and must not drop the table);
 * - every run crawls everything: results live at most 30 days, so the bucket
 *   stays small, and a changed schema is seen in old folders too.
 */
export function crawlerSettings(ctx: DeploymentContext, glueRoleArn: string) {
  return {
    Name: ctx.names.crawler,
    Role: glueRoleArn,
    DatabaseName: ctx.names.glueDatabase,
    Description: 'cci-lite unified results (guide §9, §18)',
    TablePrefix: CRAWLER_TABLE_PREFIX,
    Targets: {
      S3Targets: [
        {
          Path: `s3://${ctx.names.resultsBucket}/`,
          Exclusions: ['tmp/**', `${PARQUET_PREFIX}**`, `${REPORTS_PREFIX}**`],
        },
      ],
    },
    Schedule: CRAWLER_SCHEDULE,
    SchemaChangePolicy: {
      UpdateBehavior: 'UPDATE_IN_DATABASE' as const,
      DeleteBehavior: 'LOG' as const,
    },
    RecrawlPolicy: { RecrawlBehavior: 'CRAWL_EVERYTHING' as const },
    Configuration: JSON.stringify({
      Version: 1.0,
      Grouping: { TableGroupingPolicy: 'CombineCompatibleSchemas' },
      CrawlerOutput: { Partitions: { AddOrUpdateBehavior: 'InheritFromTable' } },
    }),
  };
}

/** Guide §9: database `cci-lite-db` and the daily crawler over the results bucket, tagged. */
export const glueStep: ProvisionStep = {
  id: STEP,
  title: '§9 Glue database and crawler',
  async run(clients: AwsClients, ctx: DeploymentContext) {
    const recorder = new StepRecorder(STEP, ctx.dryRun);
    const tags = ctx.tags('Glue');
    await ensureDatabase(clients.glue, recorder, ctx, tags);
    await ensureCrawler(clients.glue, recorder, ctx, tags);
    ctx.outputs.set(GLUE_DATABASE, ctx.names.glueDatabase);
    ctx.outputs.set(GLUE_CRAWLER, ctx.names.crawler);
    return recorder.reports;
  },
};

async function ensureDatabase(
  glue: GlueClient,
  recorder: StepRecorder,
  ctx: DeploymentContext,
  tags: Tag[],
): Promise<void> {
  const name = ctx.names.glueDatabase;
  const resourceArn = arn(ctx, 'glue', `database/${name}`);
  const resource = { type: DATABASE, name, arn: resourceArn };
  const current = await readOrMissing(
    recorder,
    resource,
    () => glue.send(new GetDatabaseCommand({ Name: name })),
    'EntityNotFoundException',
  );
  if (current?.Database === undefined) {
    await recorder.ensure(resource, { state: 'missing' }, async () => {
      await glue.send(
        new CreateDatabaseCommand({
          DatabaseInput: { Name: name, Description: 'cci-lite call QA results (guide §9)' },
          Tags: tagsToRecord(tags),
        }),
      );
    });
    return;
  }
  await ensureTagsOnly(glue, recorder, resource, resourceArn, tags);
}

async function ensureCrawler(
  glue: GlueClient,
  recorder: StepRecorder,
  ctx: DeploymentContext,
  tags: Tag[],
): Promise<void> {
  const name = ctx.names.crawler;
  const resourceArn = arn(ctx, 'glue', `crawler/${name}`);
  const resource = { type: CRAWLER, name, arn: resourceArn };
  const desired = crawlerSettings(ctx, upstreamOutput(ctx, 'glueRoleArn', STEP));
  const current = await readOrMissing(
    recorder,
    resource,
    () => glue.send(new GetCrawlerCommand({ Name: name })),
    'EntityNotFoundException',
  );
  const crawler = current?.Crawler;
  if (crawler === undefined) {
    await recorder.ensure(resource, { state: 'missing' }, async () => {
      await glue.send(new CreateCrawlerCommand({ ...desired, Tags: tagsToRecord(tags) }));
    });
    return;
  }
  const currentTags = await recorder.guard(resource, () => getTags(glue, resourceArn));
  const settingChanges = crawlerChanges(crawler, desired);
  const observed = observedFrom([...settingChanges, ...tagChanges(currentTags, tags)]);
  await recorder.ensure(resource, observed, async () => {
    // UpdateCrawler fails while the crawler runs (CrawlerRunningException): the error names it.
    if (settingChanges.length > 0) await glue.send(new UpdateCrawlerCommand(desired));
    await tagIfNeeded(glue, resourceArn, currentTags, tags);
  });
}

function crawlerChanges(crawler: Crawler, desired: ReturnType<typeof crawlerSettings>): string[] {
  const changes: string[] = [];
  // Glue answers the role as given (name or ARN); the name identifies it.
  if (roleName(crawler.Role) !== roleName(desired.Role)) {
    changes.push(change('role', crawler.Role, desired.Role));
  }
  if ((crawler.TablePrefix ?? '') !== desired.TablePrefix) {
    changes.push(change('table prefix', crawler.TablePrefix, desired.TablePrefix));
  }
  if (crawler.DatabaseName !== desired.DatabaseName) {
    changes.push(change('database', crawler.DatabaseName, desired.DatabaseName));
  }
  const targets = (crawler.Targets?.S3Targets ?? []).map((t) => ({
    Path: t.Path,
    Exclusions: t.Exclusions ?? [],
  }));
  if (!sameJson(targets, desired.Targets.S3Targets)) {
    changes.push(change('S3 targets', targets, desired.Targets.S3Targets));
  }
  if (crawler.Schedule?.ScheduleExpression !== desired.Schedule) {
    changes.push(change('schedule', crawler.Schedule?.ScheduleExpression, desired.Schedule));
  }
  const policy = crawler.SchemaChangePolicy;
  if (
    !sameJson(
      { UpdateBehavior: policy?.UpdateBehavior, DeleteBehavior: policy?.DeleteBehavior },
      desired.SchemaChangePolicy,
    )
  ) {
    changes.push(change('schema change policy', policy, desired.SchemaChangePolicy));
  }
  if (crawler.RecrawlPolicy?.RecrawlBehavior !== desired.RecrawlPolicy.RecrawlBehavior) {
    changes.push(
      change(
        'recrawl policy',
        crawler.RecrawlPolicy?.RecrawlBehavior,
        desired.RecrawlPolicy.RecrawlBehavior,
      ),
    );
  }
  if (!sameJson(parseJson(crawler.Configuration), parseJson(desired.Configuration))) {
    changes.push(change('configuration', crawler.Configuration, desired.Configuration));
  }
  return changes;
}

function roleName(role: string | undefined): string | undefined {
  return role?.split('/').pop();
}

async function ensureTagsOnly(
  glue: GlueClient,
  recorder: StepRecorder,
  resource: { type: string; name: string; arn: string },
  resourceArn: string,
  tags: Tag[],
): Promise<void> {
  const currentTags = await recorder.guard(resource, () => getTags(glue, resourceArn));
  await recorder.ensure(resource, observedFrom(tagChanges(currentTags, tags)), () =>
    tagIfNeeded(glue, resourceArn, currentTags, tags),
  );
}

export async function getTags(
  glue: GlueClient,
  resourceArn: string,
): Promise<Record<string, string>> {
  return (await glue.send(new GetTagsCommand({ ResourceArn: resourceArn }))).Tags ?? {};
}

export async function tagIfNeeded(
  glue: GlueClient,
  resourceArn: string,
  current: Record<string, string>,
  tags: Tag[],
): Promise<void> {
  const missing = tagsToApply(current, tags);
  if (missing.length === 0) return;
  await glue.send(
    new TagResourceCommand({ ResourceArn: resourceArn, TagsToAdd: tagsToRecord(missing) }),
  );
}
