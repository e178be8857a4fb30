import type {
  BucketRole,
  Clock,
  ConfigItem,
  ConfigStore,
  ObjectInfo,
  ObjectStore,
  PipelineLogger,
  PutObjectOptions,
  StartTranscriptionRequest,
  TextAnalysis,
  TextAnalyzer,
  Transcriber,
  TranscriptionJob,
  TranscriptionKind,
} from '../../../src/pipeline/ports.js';

/** In-memory ObjectStore; counts puts per key so tests can assert "written once". */
export class MemoryObjectStore implements ObjectStore {
  readonly objects = new Map<
    string,
    { body: Uint8Array; options: PutObjectOptions; lastModified: Date }
  >();
  readonly puts: string[] = [];
  /** Called on every get; lets a test make an object appear after some reads. */
  onGet: ((bucket: BucketRole, key: string) => void) | undefined;

  private id(bucket: BucketRole, key: string): string {
    return `${bucket}:${key}`;
  }
  async put(
    bucket: BucketRole,
    key: string,
    body: Uint8Array | string,
    options: PutObjectOptions = {},
  ): Promise<void> {
    const bytes = typeof body === 'string' ? new TextEncoder().encode(body) : body;
    this.objects.set(this.id(bucket, key), { body: bytes, options, lastModified: new Date() });
    this.puts.push(this.id(bucket, key));
  }
  async get(bucket: BucketRole, key: string): Promise<Uint8Array | undefined> {
    this.onGet?.(bucket, key);
    return this.objects.get(this.id(bucket, key))?.body;
  }
  async getRange(
    bucket: BucketRole,
    key: string,
    start: number,
    end: number,
  ): Promise<Uint8Array | undefined> {
    return this.objects.get(this.id(bucket, key))?.body.slice(start, end + 1);
  }
  async head(bucket: BucketRole, key: string): Promise<ObjectInfo | undefined> {
    const o = this.objects.get(this.id(bucket, key));
    if (o === undefined) return undefined;
    return {
      key,
      size: o.body.byteLength,
      lastModified: o.lastModified,
      metadata: o.options.metadata ?? {},
    };
  }
  async getTags(bucket: BucketRole, key: string): Promise<Record<string, string> | undefined> {
    const o = this.objects.get(this.id(bucket, key));
    return o === undefined ? undefined : (o.options.tags ?? {});
  }
  async *list(bucket: BucketRole, prefix: string): AsyncIterable<ObjectInfo> {
    const keys = [...this.objects.keys()]
      .filter((id) => id.startsWith(`${bucket}:${prefix}`))
      .map((id) => id.slice(bucket.length + 1))
      .sort();
    for (const key of keys) {
      const info = await this.head(bucket, key);
      if (info) yield info;
    }
  }
  async delete(bucket: BucketRole, key: string): Promise<void> {
    this.objects.delete(this.id(bucket, key));
  }
  uri(bucket: BucketRole, key: string): string {
    return `mem://${bucket}/${key}`;
  }
  text(bucket: BucketRole, key: string): string | undefined {
    const o = this.objects.get(this.id(bucket, key));
    return o === undefined ? undefined : new TextDecoder().decode(o.body);
  }
}

/** In-memory ConfigStore with DynamoDB's conditional put. */
export class MemoryConfigStore implements ConfigStore {
  readonly items = new Map<string, ConfigItem>();
  private id(pk: string, sk: string): string {
    return `${pk}\u0000${sk}`;
  }
  async get(pk: string, sk: string): Promise<ConfigItem | undefined> {
    const item = this.items.get(this.id(pk, sk));
    return item === undefined ? undefined : structuredClone(item);
  }
  async put(item: ConfigItem, options: { ifNotExists?: boolean } = {}): Promise<boolean> {
    const id = this.id(item.pk, item.sk);
    if (options.ifNotExists === true && this.items.has(id)) return false;
    this.items.set(id, JSON.parse(JSON.stringify(item)) as ConfigItem);
    return true;
  }
  async query(pk: string, skPrefix = ''): Promise<ConfigItem[]> {
    return [...this.items.values()]
      .filter((i) => i.pk === pk && i.sk.startsWith(skPrefix))
      .sort((a, b) => a.sk.localeCompare(b.sk));
  }
  async scanPrefix(pkPrefix: string, skPrefix = ''): Promise<ConfigItem[]> {
    return [...this.items.values()].filter(
      (i) => i.pk.startsWith(pkPrefix) && i.sk.startsWith(skPrefix),
    );
  }
  async delete(pk: string, sk: string): Promise<void> {
    this.items.delete(this.id(pk, sk));
  }
}

/** A transcriber that records starts; jobs are set by the test. */
export class FakeTranscriber implements Transcriber {
  readonly starts: StartTranscriptionRequest[] = [];
  readonly jobs = new Map<string, TranscriptionJob>();
  startError: Error | undefined;
  async start(request: StartTranscriptionRequest): Promise<'started' | 'exists'> {
    if (this.startError) throw this.startError;
    if (this.jobs.has(request.jobName)) return 'exists';
    this.starts.push(request);
    this.jobs.set(request.jobName, {
      jobName: request.jobName,
      kind: request.kind,
      status: 'IN_PROGRESS',
    });
    return 'started';
  }
  async get(jobName: string, _kind: TranscriptionKind): Promise<TranscriptionJob | undefined> {
    return this.jobs.get(jobName);
  }
}

export class FakeAnalyzer implements TextAnalyzer {
  calls = 0;
  async analyze(): Promise<TextAnalysis> {
    this.calls += 1;
    return {
      sentiment: { ResultList: [], overall: 'NEUTRAL', by_role: {} },
      keyPhrases: { ResultList: [] },
      entities: { ResultList: [] },
    };
  }
}

/** Simulated time: sleeping moves the clock, nothing waits. */
export class FakeClock implements Clock {
  slept: number[] = [];
  constructor(public time = Date.parse('2025-11-05T10:15:00Z')) {}
  now(): Date {
    return new Date(this.time);
  }
  async sleep(ms: number): Promise<void> {
    this.slept.push(ms);
    this.time += ms;
  }
}

export class RecordingLogger implements PipelineLogger {
  readonly lines: Array<{ level: string; message: string; fields?: Record<string, unknown> }> = [];
  info(message: string, fields?: Record<string, unknown>): void {
    this.lines.push({ level: 'info', message, ...(fields ? { fields } : {}) });
  }
  warn(message: string, fields?: Record<string, unknown>): void {
    this.lines.push({ level: 'warn', message, ...(fields ? { fields } : {}) });
  }
  error(message: string, fields?: Record<string, unknown>): void {
    this.lines.push({ level: 'error', message, ...(fields ? { fields } : {}) });
  }
}

/** A minimal WAV header (PCM 16-bit) followed by `dataBytes` of silence. */
export function wavBytes(channels: number, sampleRate = 8_000, dataBytes = 1_600): Uint8Array {
  const header = Buffer.alloc(44);
  header.write('RIFF', 0, 'ascii');
  header.writeUInt32LE(36 + dataBytes, 4);
  header.write('WAVE', 8, 'ascii');
  header.write('fmt ', 12, 'ascii');
  header.writeUInt32LE(16, 16);
  header.writeUInt16LE(1, 20);
  header.writeUInt16LE(channels, 22);
  header.writeUInt32LE(sampleRate, 24);
  header.writeUInt32LE(sampleRate * channels * 2, 28);
  header.writeUInt16LE(channels * 2, 32);
  header.writeUInt16LE(16, 34);
  header.write('data', 36, 'ascii');
  header.writeUInt32LE(dataBytes, 40);
  return new Uint8Array(Buffer.concat([header, Buffer.alloc(dataBytes)]));
}

/** Call Analytics output (redacted) for the job, agent and customer turns. */
export function callAnalyticsOutput(
  jobName: string,
  turns: Array<['AGENT' | 'CUSTOMER', string]>,
): string {
  return JSON.stringify({
    JobName: jobName,
    LanguageCode: 'en-US',
    ContentMetadata: { Output: 'Redacted' },
    Transcript: turns.map(([role, text], i) => ({
      Id: `t${i}`,
      ParticipantRole: role,
      Content: text,
      BeginOffsetMillis: i * 4_000,
      EndOffsetMillis: i * 4_000 + 3_500,
    })),
    ConversationCharacteristics: { TotalConversationDurationMillis: turns.length * 4_000 },
  });
}
