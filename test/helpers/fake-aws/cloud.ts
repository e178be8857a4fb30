import type { AwsCommand, AwsStub } from 'aws-sdk-client-mock';
import type { MetadataBearer } from '@smithy/types';
import { awsError } from '../aws-mocks.js';

/** Any SDK command class; classes are unique per client, so they key failures unambiguously. */
export type CommandClass = abstract new (...args: never[]) => unknown;

/** What a fake handler answers: the command's output without the SDK's response metadata. */
export type Reply<TOut> = Omit<TOut, '$metadata'>;

interface Failure {
  error: Error;
  /** How many more matching calls fail; Infinity until cleared. */
  remaining: number;
  when: (input: unknown) => boolean;
}

/**
 * The account every fake service shares: its id, region and partition (for
 * ARNs), and the failures a test injects. Each service module registers its
 * handlers through `serve`, which consults the injected failures first, so a
 * test can make any one call fail the way AWS would.
 */
export class FakeCloud {
  readonly partition = 'aws';
  private readonly failures = new Map<CommandClass, Failure[]>();

  constructor(
    readonly accountId: string,
    readonly region: string,
  ) {}

  /** `arn:aws:<service>:<region>:<account>:<resource>` for a regional service of this account. */
  arn(service: string, resource: string): string {
    return `arn:${this.partition}:${service}:${this.region}:${this.accountId}:${resource}`;
  }

  failOn(
    command: CommandClass,
    error: Error,
    options: { times?: number; when?: (input: unknown) => boolean } = {},
  ): void {
    const list = this.failures.get(command) ?? [];
    list.push({ error, remaining: options.times ?? Infinity, when: options.when ?? (() => true) });
    this.failures.set(command, list);
  }

  clearFailures(): void {
    this.failures.clear();
  }

  /**
   * Registers `handle` for one command on one mocked client. The handler runs
   * after injected failures are checked; what it throws reaches the caller as
   * the SDK's rejection.
   */
  serve<TIn extends object, TOut extends MetadataBearer, TConf, CIn extends TIn, COut extends TOut>(
    stub: AwsStub<TIn, TOut, TConf>,
    command: (new (input: CIn) => AwsCommand<CIn, COut>) & CommandClass,
    handle: (input: CIn) => Reply<COut>,
  ): void {
    stub.on<CIn, COut>(command).callsFake(async (input: CIn) => {
      this.injectedFailure(command, input);
      return handle(input);
    });
  }

  /**
   * Commands no handler serves fail loudly, naming the command, instead of the
   * mock's default `undefined` (which a step would misread as an empty answer).
   */
  refuseUnserved<TIn extends object, TOut extends MetadataBearer, TConf>(
    stub: AwsStub<TIn, TOut, TConf>,
    service: string,
  ): void {
    stub.onAnyCommand().callsFake(async () => {
      const command = stub.send.lastCall?.args[0];
      const name = command?.constructor.name ?? 'a command';
      throw awsError(
        'FakeAccountUnsupported',
        `the fake ${service} does not implement ${name}; add it to test/helpers/fake-aws/`,
      );
    });
  }

  private injectedFailure(command: CommandClass, input: unknown): void {
    const failure = this.failures.get(command)?.find((f) => f.remaining > 0 && f.when(input));
    if (failure === undefined) return;
    failure.remaining -= 1;
    throw failure.error;
  }
}

/** A map of tags, whatever shape each service's API gives them in. */
export class TagSet {
  private readonly tags = new Map<string, string>();

  constructor(initial: Iterable<{ Key?: string; Value?: string }> = []) {
    this.add(initial);
  }

  add(tags: Iterable<{ Key?: string; Value?: string }>): void {
    for (const t of tags) if (t.Key !== undefined) this.tags.set(t.Key, t.Value ?? '');
  }

  addRecord(record: Record<string, string> | undefined): void {
    for (const [Key, Value] of Object.entries(record ?? {})) this.tags.set(Key, Value);
  }

  remove(keys: Iterable<string> | undefined): void {
    for (const k of keys ?? []) this.tags.delete(k);
  }

  replace(tags: Iterable<{ Key?: string; Value?: string }>): void {
    this.tags.clear();
    this.add(tags);
  }

  get size(): number {
    return this.tags.size;
  }

  list(): Array<{ Key: string; Value: string }> {
    return [...this.tags].map(([Key, Value]) => ({ Key, Value }));
  }

  record(): Record<string, string> {
    return Object.fromEntries(this.tags);
  }
}

/** A deterministic UUID-shaped id, as AWS uses for keys and subscriptions. */
export function fakeUuid(n: number): string {
  return `00000000-0000-4000-8000-${n.toString(16).padStart(12, '0')}`;
}

export { awsError };

/** A parameter the service requires; missing, it answers a validation error as AWS does. */
export function required<T>(value: T | undefined, name: string): T {
  if (value === undefined) throw awsError('ValidationException', `${name} is required`);
  return value;
}
