import type { CliIo } from '../../src/cli.js';
import { runCli } from '../../src/cli.js';

/** A writable that records what was written, optionally pretending to be a TTY. */
export class RecordingStream {
  chunks: string[] = [];
  constructor(readonly isTTY = false) {}
  write(chunk: string): boolean {
    this.chunks.push(chunk);
    return true;
  }
  get text(): string {
    return this.chunks.join('');
  }
}

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the CLI in-process with recorded streams (no TTY unless asked). */
export async function runCliCaptured(
  argv: string[],
  options: { cwd?: string; tty?: boolean; env?: NodeJS.ProcessEnv } = {},
): Promise<CliRun> {
  const stdout = new RecordingStream(options.tty ?? false);
  const stderr = new RecordingStream(options.tty ?? false);
  const io: CliIo = {
    stdout,
    stderr,
    stdinIsTTY: options.tty ?? false,
    cwd: options.cwd ?? process.cwd(),
    env: options.env ?? { NO_COLOR: '1' },
  };
  const code = await runCli(argv, io);
  return { code, stdout: stdout.text, stderr: stderr.text };
}
