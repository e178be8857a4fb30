import { awsErrorCode, isAwsError } from '../provision/step.js';

/**
 * The vocabulary of `destroy`. Every resource is read first: missing means
 * `absent` (so a second run, or a run after a partial one, reports what is
 * already gone), found means `deleted` (or `scheduled` for the KMS key), or
 * `kept` with the reason. `delete`/`schedule` are the dry run's plan. A failed
 * read or delete is `failed` with the AWS error code, and the run goes on.
 */
export type DestroyAction =
  'deleted' | 'delete' | 'scheduled' | 'schedule' | 'absent' | 'kept' | 'failed';

export interface DestroyReport {
  step: string;
  type: string;
  name: string;
  action: DestroyAction;
  /** Why it was kept, what a deletion involved (e.g. object versions), or the failure. */
  reason?: string;
  /** The AWS error code of a failure. */
  awsErrorCode?: string;
  /** Objects (S3 versions) removed or to be removed with the resource. */
  count?: number;
}

export interface DestroyResource {
  type: string;
  name: string;
}

/** A read's outcome: found (with what was read), missing, or failed (already recorded). */
export type Probe<T> = { state: 'found'; value: T } | { state: 'missing' } | { state: 'failed' };

/** True for the error codes a service answers when the resource does not exist. */
export type MissingTest = (err: unknown) => boolean;

export function missingWhen(...codes: string[]): MissingTest {
  return (err) => isAwsError(err, ...codes);
}

/** What the whole run collects: every report, and the kept resources still encrypted with the key. */
export class DestroyLedger {
  readonly reports: DestroyReport[] = [];
  /** Resources left in place whose data the KMS key encrypts: while any remains, the key stays. */
  readonly keyHolders: string[] = [];
}

/**
 * One step's view of the ledger: reads, deletions, kept and failed resources
 * are recorded under the step's id; dry run is enforced here, in one place.
 */
export class StepRemover {
  constructor(
    readonly step: string,
    readonly dryRun: boolean,
    private readonly ledger: DestroyLedger,
  ) {}

  /** Reads a resource; the service's not-found answer is `missing`, any other error is recorded. */
  async read<T>(
    resource: DestroyResource,
    read: () => Promise<T | undefined>,
    missing: MissingTest,
  ): Promise<Probe<T>> {
    try {
      const value = await read();
      return value === undefined ? { state: 'missing' } : { state: 'found', value };
    } catch (err) {
      if (missing(err)) return { state: 'missing' };
      this.failed(resource, err);
      return { state: 'failed' };
    }
  }

  /**
   * Deletes what the probe found (or plans it on a dry run); a not-found answer
   * to the delete means someone else removed it meanwhile. A delete that
   * answers a number reports it as the count (object versions removed). True
   * when the resource is gone (or would be) afterwards.
   */
  async remove<T>(
    resource: DestroyResource,
    probe: Probe<T>,
    del: (value: T) => Promise<unknown>,
    missing: MissingTest,
    extra: { scheduled?: boolean; reason?: string; count?: number } = {},
  ): Promise<boolean> {
    if (probe.state === 'failed') return false;
    if (probe.state === 'missing') {
      this.record(resource, 'absent');
      return true;
    }
    const detail = {
      ...(extra.reason === undefined ? {} : { reason: extra.reason }),
      ...(extra.count === undefined ? {} : { count: extra.count }),
    };
    if (this.dryRun) {
      this.record(resource, extra.scheduled === true ? 'schedule' : 'delete', detail);
      return true;
    }
    let outcome: unknown;
    try {
      outcome = await del(probe.value);
    } catch (err) {
      if (missing(err)) {
        this.record(resource, 'absent');
        return true;
      }
      this.failed(resource, err);
      return false;
    }
    this.record(resource, extra.scheduled === true ? 'scheduled' : 'deleted', {
      ...detail,
      ...(typeof outcome === 'number' ? { count: outcome } : {}),
    });
    return true;
  }

  /** Reads, then deletes: the common case. */
  async readAndRemove<T>(
    resource: DestroyResource,
    read: () => Promise<T | undefined>,
    del: (value: T) => Promise<unknown>,
    missing: MissingTest,
  ): Promise<boolean> {
    return this.remove(resource, await this.read(resource, read, missing), del, missing);
  }

  keep(resource: DestroyResource, reason: string, options: { holdsKey?: boolean } = {}): void {
    this.record(resource, 'kept', { reason });
    if (options.holdsKey === true)
      this.ledger.keyHolders.push(`kept ${resource.type} ${resource.name}`);
  }

  absent(resource: DestroyResource): void {
    this.record(resource, 'absent');
  }

  /** A resource whose data the key encrypts could not be removed: the key must stay. */
  holdKey(resource: DestroyResource): void {
    this.ledger.keyHolders.push(`${resource.type} ${resource.name} (not deleted)`);
  }

  keyHolders(): readonly string[] {
    return this.ledger.keyHolders;
  }

  failed(resource: DestroyResource, err: unknown): void {
    const code = awsErrorCode(err);
    const message = err instanceof Error ? err.message : String(err);
    this.record(resource, 'failed', {
      awsErrorCode: code,
      reason: message === code ? code : `${code}: ${message}`,
    });
  }

  private record(
    resource: DestroyResource,
    action: DestroyAction,
    detail: Partial<Pick<DestroyReport, 'reason' | 'awsErrorCode' | 'count'>> = {},
  ): void {
    this.ledger.reports.push({
      step: this.step,
      type: resource.type,
      name: resource.name,
      action,
      ...detail,
    });
  }
}
