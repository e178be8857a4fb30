import type { PipelineLogger } from '../pipeline/ports.js';
import type { Reporter } from '../ui/reporter.js';

/**
 * The pipeline's structured log lines as the operator sees them: details only
 * with --verbose (the run's progress lines already say what happened), errors
 * always.
 */
export function reporterLogger(reporter: Reporter): PipelineLogger {
  const line = (message: string, fields?: Record<string, unknown>): string =>
    fields === undefined ? message : `${message} ${JSON.stringify(fields)}`;
  return {
    info: (message, fields) => reporter.debug(line(message, fields)),
    warn: (message, fields) => reporter.debug(line(message, fields)),
    error: (message, fields) => reporter.warn(line(message, fields)),
  };
}
