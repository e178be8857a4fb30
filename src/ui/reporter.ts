import { Chalk, type ChalkInstance } from 'chalk';
import ora from 'ora';
import type { CciError } from '../core/errors.js';
import { renderError, errorToJson } from './render-error.js';

/**
 * The one I/O host. Progress and messages go to stderr (spinners only on a TTY),
 * results go to stdout; with --json stdout carries only machine-readable JSON.
 */
export interface Reporter {
  readonly json: boolean;
  readonly verbose: boolean;
  info(message: string): void;
  warn(message: string): void;
  success(message: string): void;
  debug(message: string): void;
  /** Runs one step of long work with a spinner (TTY) or start/finish lines (no TTY). */
  step<T>(title: string, work: () => Promise<T>): Promise<T>;
  /** The command's result: `data` as JSON with --json, else the rendered text. */
  result(data: unknown, render: (style: ChalkInstance) => string): void;
  error(err: CciError): void;
}

export interface OutputStream {
  write(chunk: string): boolean;
  isTTY?: boolean;
}

export interface ReporterOptions {
  stdout: OutputStream;
  stderr: OutputStream;
  json?: boolean;
  verbose?: boolean;
  /** Colour off when NO_COLOR is set or the stream is not a TTY. */
  color?: boolean;
}

export function createReporter(options: ReporterOptions): Reporter {
  const { stdout, stderr } = options;
  const json = options.json ?? false;
  const verbose = options.verbose ?? false;
  const interactive = stderr.isTTY === true;
  const style = new Chalk({ level: (options.color ?? interactive) ? 1 : 0 });
  const line = (text: string): void => {
    stderr.write(`${text}\n`);
  };

  return {
    json,
    verbose,
    info: (message) => line(message),
    warn: (message) => line(style.yellow(`warning: ${message}`)),
    success: (message) => line(style.green(message)),
    debug: (message) => {
      if (verbose) line(style.dim(message));
    },
    async step(title, work) {
      if (!interactive) {
        line(`${title} ...`);
        const started = Date.now();
        const out = await work();
        line(`${title} done (${Date.now() - started} ms)`);
        return out;
      }
      const spinner = ora({ text: title, stream: stderr as NodeJS.WritableStream }).start();
      try {
        const out = await work();
        spinner.succeed();
        return out;
      } catch (err) {
        spinner.fail();
        throw err;
      }
    },
    result(data, render) {
      stdout.write(json ? `${JSON.stringify(data, null, 2)}\n` : `${render(style)}\n`);
    },
    error(err) {
      if (json) {
        stdout.write(`${JSON.stringify({ ok: false, error: errorToJson(err) }, null, 2)}\n`);
        return;
      }
      line(renderError(err, style, verbose));
    },
  };
}
