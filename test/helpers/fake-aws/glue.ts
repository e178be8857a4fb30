import {
  CreateCrawlerCommand,
  CreateDatabaseCommand,
  CreateTableCommand,
  GetCrawlerCommand,
  GetTableCommand,
  GetDatabaseCommand,
  GetTagsCommand,
  TagResourceCommand,
  UntagResourceCommand,
  UpdateCrawlerCommand,
  UpdateTableCommand,
  type Crawler,
  type Table,
  type TableInput,
  type CrawlerTargets,
  type GlueClient,
} from '@aws-sdk/client-glue';
import type { AwsClientStub } from 'aws-sdk-client-mock';
import { awsError, required, TagSet, type FakeCloud } from './cloud.js';
import type { FakeIam } from './iam.js';

export interface FakeDatabase {
  name: string;
  description?: string;
  created: Date;
  tags: TagSet;
}

export interface FakeCrawler {
  crawler: Crawler;
  tags: TagSet;
}

export interface FakeTable {
  table: Table;
  tags: TagSet;
}

/** A table as GetTable answers it: the input plus the catalogue's own fields. */
function storedTable(database: string, input: TableInput, created: Date, catalogId: string): Table {
  return {
    ...structuredClone(input),
    Name: input.Name ?? '',
    DatabaseName: database,
    CatalogId: catalogId,
    CreateTime: created,
    UpdateTime: new Date(),
    IsRegisteredWithLakeFormation: false,
  };
}

/** Glue databases and crawlers; a crawler's role must exist, as Glue checks it can assume it. */
export class FakeGlue {
  readonly databases = new Map<string, FakeDatabase>();
  readonly crawlers = new Map<string, FakeCrawler>();
  /** Tables by `<database>.<name>`. */
  readonly tables = new Map<string, FakeTable>();

  constructor(private readonly cloud: FakeCloud) {}

  database(name: string | undefined): FakeDatabase {
    const db = this.databases.get(name ?? '');
    if (db === undefined)
      throw awsError('EntityNotFoundException', `Database ${name ?? ''} not found.`);
    return db;
  }

  crawler(name: string | undefined): FakeCrawler {
    const crawler = this.crawlers.get(name ?? '');
    if (crawler === undefined)
      throw awsError(
        'EntityNotFoundException',
        `Crawler entry with name ${name ?? ''} does not exist`,
      );
    return crawler;
  }

  table(database: string | undefined, name: string | undefined): FakeTable {
    this.database(database);
    const table = this.tables.get(`${database ?? ''}.${name ?? ''}`);
    if (table === undefined)
      throw awsError('EntityNotFoundException', `Table ${name ?? ''} not found.`);
    return table;
  }

  /** The tags of a database, crawler or table named by ARN. */
  tagsOf(arn: string | undefined): TagSet {
    const prefix = this.cloud.arn('glue', '');
    const [kind, name] = (arn ?? '').slice(prefix.length).split('/');
    if (arn?.startsWith(prefix) === true && kind === 'database') return this.database(name).tags;
    if (arn?.startsWith(prefix) === true && kind === 'crawler') return this.crawler(name).tags;
    if (arn?.startsWith(prefix) === true && kind === 'table') {
      const [, database, table] = (arn ?? '').slice(prefix.length).split('/');
      return this.table(database, table).tags;
    }
    throw awsError('EntityNotFoundException', `Resource ${arn ?? ''} not found`);
  }
}

/** Glue answers every S3 target with its exclusion list, empty or not. */
function storedTargets(targets: CrawlerTargets | undefined): CrawlerTargets {
  return {
    S3Targets: (targets?.S3Targets ?? []).map((t) => ({ Exclusions: [], ...structuredClone(t) })),
    JdbcTargets: [],
    DynamoDBTargets: [],
    CatalogTargets: [],
    DeltaTargets: [],
  };
}

export function installGlue(
  cloud: FakeCloud,
  stub: AwsClientStub<GlueClient>,
  deps: { iam: FakeIam },
): FakeGlue {
  const glue = new FakeGlue(cloud);
  cloud.refuseUnserved(stub, 'Glue');

  const checkRole = (role: string | undefined): string => {
    if (!deps.iam.roles.has(role?.split('/').pop() ?? '')) {
      throw awsError(
        'InvalidInputException',
        `Service is unable to assume provided role: ${role ?? ''}`,
      );
    }
    return role ?? '';
  };

  cloud.serve(stub, CreateDatabaseCommand, (i) => {
    const name = i.DatabaseInput?.Name ?? '';
    if (glue.databases.has(name))
      throw awsError('AlreadyExistsException', `Database already exists: ${name}`);
    const tags = new TagSet();
    tags.addRecord(i.Tags);
    glue.databases.set(name, {
      name,
      ...(i.DatabaseInput?.Description === undefined
        ? {}
        : { description: i.DatabaseInput.Description }),
      created: new Date(),
      tags,
    });
    return {};
  });
  cloud.serve(stub, GetDatabaseCommand, (i) => {
    const db = glue.database(i.Name);
    return {
      Database: {
        Name: db.name,
        CatalogId: cloud.accountId,
        CreateTime: db.created,
        ...(db.description === undefined ? {} : { Description: db.description }),
      },
    };
  });

  cloud.serve(stub, CreateCrawlerCommand, (i) => {
    const name = i.Name ?? '';
    if (glue.crawlers.has(name)) throw awsError('AlreadyExistsException', `${name} already exists`);
    const now = new Date();
    const crawler: Crawler = {
      Name: name,
      Role: checkRole(i.Role),
      DatabaseName: i.DatabaseName,
      Targets: storedTargets(i.Targets),
      SchemaChangePolicy: i.SchemaChangePolicy ?? {
        UpdateBehavior: 'UPDATE_IN_DATABASE',
        DeleteBehavior: 'DEPRECATE_IN_DATABASE',
      },
      RecrawlPolicy: i.RecrawlPolicy ?? { RecrawlBehavior: 'CRAWL_EVERYTHING' },
      LineageConfiguration: { CrawlerLineageSettings: 'DISABLE' },
      State: 'READY',
      CreationTime: now,
      LastUpdated: now,
      Version: 1,
      ...(i.Description === undefined ? {} : { Description: i.Description }),
      ...(i.TablePrefix === undefined ? {} : { TablePrefix: i.TablePrefix }),
      ...(i.Schedule === undefined
        ? {}
        : { Schedule: { ScheduleExpression: i.Schedule, State: 'SCHEDULED' } }),
      ...(i.Configuration === undefined ? {} : { Configuration: i.Configuration }),
    };
    const tags = new TagSet();
    tags.addRecord(i.Tags);
    glue.crawlers.set(name, { crawler, tags });
    return {};
  });
  cloud.serve(stub, GetCrawlerCommand, (i) => ({
    Crawler: structuredClone(glue.crawler(i.Name).crawler),
  }));
  cloud.serve(stub, UpdateCrawlerCommand, (i) => {
    const c = glue.crawler(i.Name).crawler;
    if (c.State !== 'READY')
      throw awsError('CrawlerRunningException', `Crawler with name ${c.Name ?? ''} is running`);
    if (i.Role !== undefined) c.Role = checkRole(i.Role);
    if (i.DatabaseName !== undefined) c.DatabaseName = i.DatabaseName;
    if (i.Description !== undefined) c.Description = i.Description;
    if (i.TablePrefix !== undefined) c.TablePrefix = i.TablePrefix;
    if (i.Targets !== undefined) c.Targets = storedTargets(i.Targets);
    if (i.Schedule !== undefined)
      c.Schedule = { ScheduleExpression: i.Schedule, State: 'SCHEDULED' };
    if (i.SchemaChangePolicy !== undefined)
      c.SchemaChangePolicy = structuredClone(i.SchemaChangePolicy);
    if (i.RecrawlPolicy !== undefined) c.RecrawlPolicy = structuredClone(i.RecrawlPolicy);
    if (i.Configuration !== undefined) c.Configuration = i.Configuration;
    c.LastUpdated = new Date();
    c.Version = (c.Version ?? 1) + 1;
    return {};
  });

  cloud.serve(stub, CreateTableCommand, (i) => {
    glue.database(i.DatabaseName);
    const key = `${i.DatabaseName ?? ''}.${i.TableInput?.Name ?? ''}`;
    if (glue.tables.has(key))
      throw awsError('AlreadyExistsException', `Table already exists: ${i.TableInput?.Name ?? ''}`);
    const created = new Date();
    glue.tables.set(key, {
      table: storedTable(
        i.DatabaseName ?? '',
        required(i.TableInput, 'TableInput'),
        created,
        cloud.accountId,
      ),
      tags: new TagSet(),
    });
    return {};
  });
  cloud.serve(stub, GetTableCommand, (i) => ({
    Table: structuredClone(glue.table(i.DatabaseName, i.Name).table),
  }));
  cloud.serve(stub, UpdateTableCommand, (i) => {
    const current = glue.table(i.DatabaseName, i.TableInput?.Name);
    current.table = storedTable(
      i.DatabaseName ?? '',
      required(i.TableInput, 'TableInput'),
      current.table.CreateTime ?? new Date(),
      cloud.accountId,
    );
    return {};
  });

  cloud.serve(stub, GetTagsCommand, (i) => ({ Tags: glue.tagsOf(i.ResourceArn).record() }));
  cloud.serve(stub, TagResourceCommand, (i) => {
    glue.tagsOf(i.ResourceArn).addRecord(i.TagsToAdd);
    return {};
  });
  cloud.serve(stub, UntagResourceCommand, (i) => {
    glue.tagsOf(i.ResourceArn).remove(i.TagsToRemove);
    return {};
  });
  return glue;
}
