import { GetCrawlerCommand, StartCrawlerCommand, type GlueClient } from '@aws-sdk/client-glue';
import { CciError } from '../../core/errors.js';
import { isAwsError } from '../provision/step.js';
import { pollDelayMs, type Deadline } from './ops-clock.js';

/** The crawler's state and its last crawl, as GetCrawler reports them. */
export interface CrawlerStatus {
  name: string;
  /** READY, RUNNING or STOPPING. */
  state: string;
  lastCrawl:
    { status: string; startedAt: string | undefined; error: string | undefined } | undefined;
}

export async function crawlerStatus(glue: GlueClient, name: string): Promise<CrawlerStatus> {
  const crawler = (await glue.send(new GetCrawlerCommand({ Name: name }))).Crawler;
  if (crawler === undefined) {
    throw new CciError('CRAWLER_MISSING', `Glue answered no crawler ${name}.`);
  }
  const last = crawler.LastCrawl;
  return {
    name,
    state: crawler.State ?? 'UNKNOWN',
    lastCrawl:
      last === undefined
        ? undefined
        : {
            status: last.Status ?? 'UNKNOWN',
            startedAt: last.StartTime?.toISOString(),
            error: last.ErrorMessage,
          },
  };
}

export interface CrawlOutcome {
  /** False when a crawl was already running: this run waited for that one. */
  started: boolean;
  status: CrawlerStatus;
  /** The crawler did not return to READY before the deadline. */
  timedOut: boolean;
}

/**
 * Starts the crawler (one already running is waited for instead:
 * CrawlerRunningException) and polls until it is READY again, then reports its
 * last crawl (RUNNING → STOPPING → READY takes a minute or two).
 */
export async function runCrawler(
  glue: GlueClient,
  name: string,
  deadline: Deadline,
  onState: (state: string) => void = () => {},
): Promise<CrawlOutcome> {
  let started = true;
  try {
    await glue.send(new StartCrawlerCommand({ Name: name }));
  } catch (err) {
    if (!isAwsError(err, 'CrawlerRunningException')) throw err;
    started = false;
  }
  for (let attempt = 0; ; attempt++) {
    // Right after StartCrawler, GetCrawler can still say READY: wait once before trusting it.
    if (!(await deadline.pause(pollDelayMs(attempt, 5_000, 20_000)))) {
      return { started, status: await crawlerStatus(glue, name), timedOut: true };
    }
    const status = await crawlerStatus(glue, name);
    onState(status.state);
    if (status.state === 'READY') return { started, status, timedOut: false };
  }
}
