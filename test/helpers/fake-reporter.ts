import { Chalk } from 'chalk';
import type { CciError } from '../../src/core/errors.js';
import type { Reporter } from '../../src/ui/reporter.js';

export interface RecordedEvent {
  kind: 'info' | 'warn' | 'success' | 'debug' | 'step' | 'result' | 'error';
  text: string;
  data?: unknown;
}

/** A reporter that records everything, for asserting on what a command said. */
export class FakeReporter implements Reporter {
  readonly events: RecordedEvent[] = [];
  constructor(
    readonly json = false,
    readonly verbose = false,
  ) {}
  info(text: string): void {
    this.events.push({ kind: 'info', text });
  }
  warn(text: string): void {
    this.events.push({ kind: 'warn', text });
  }
  success(text: string): void {
    this.events.push({ kind: 'success', text });
  }
  debug(text: string): void {
    this.events.push({ kind: 'debug', text });
  }
  async step<T>(title: string, work: () => Promise<T>): Promise<T> {
    this.events.push({ kind: 'step', text: title });
    return work();
  }
  result(data: unknown, render: (style: InstanceType<typeof Chalk>) => string): void {
    this.events.push({ kind: 'result', text: render(new Chalk({ level: 0 })), data });
  }
  error(err: CciError): void {
    this.events.push({ kind: 'error', text: err.message, data: err });
  }
  texts(kind: RecordedEvent['kind']): string[] {
    return this.events.filter((e) => e.kind === kind).map((e) => e.text);
  }
}
