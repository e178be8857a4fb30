import {
  GetFunctionConfigurationCommand,
  type FunctionConfiguration,
  type LambdaClient,
} from '@aws-sdk/client-lambda';
import { CciError } from '../../../core/errors.js';

/**
 * Lambda applies a create or an update asynchronously: the function is
 * `Pending` (or its last update `InProgress`) for a few seconds, and a second
 * update sent meanwhile fails with ResourceConflictException. So every write is
 * followed by a poll of GetFunctionConfiguration until the function settles.
 * The pauses are injectable so tests never wait real seconds.
 */
export interface WaitOptions {
  /** Pause before each further poll; when they run out, the wait fails. */
  delaysMs?: readonly number[];
  sleep?: (ms: number) => Promise<void>;
}

/** About five minutes in all: creates with a fresh KMS grant and big code updates take longest. */
export const FUNCTION_POLL_DELAYS_MS: readonly number[] = [
  1_000,
  2_000,
  3_000,
  5_000,
  ...Array.from({ length: 29 }, () => 10_000),
];

/**
 * - `active`: a new function is ready to be invoked (State Active).
 * - `updated`: the last code or configuration update finished (LastUpdateStatus Successful).
 * - `idle`: nothing is in progress, whatever the outcome of earlier work; checked
 *   before updating a function an interrupted run may have left busy.
 */
export type FunctionReadiness = 'active' | 'updated' | 'idle';

type Poll = { state: 'ready' } | { state: 'wait' } | { state: 'failed'; reason: string };

export async function waitForFunction(
  lambda: LambdaClient,
  functionName: string,
  until: FunctionReadiness,
  options: WaitOptions = {},
): Promise<FunctionConfiguration> {
  const delays = options.delaysMs ?? FUNCTION_POLL_DELAYS_MS;
  const sleep = options.sleep ?? defaultSleep;
  for (let attempt = 0; ; attempt++) {
    const config = await lambda.send(
      new GetFunctionConfigurationCommand({ FunctionName: functionName }),
    );
    const poll = readiness(config, until);
    if (poll.state === 'ready') return config;
    if (poll.state === 'failed') {
      throw new CciError(
        'LAMBDA_FAILED',
        `Lambda could not apply ${functionName}: ${poll.reason}`,
        {
          hint: 'Fix the cause Lambda names, then run `cci-lite deploy-lambdas` again.',
          details: { functionName, state: config.State, lastUpdateStatus: config.LastUpdateStatus },
        },
      );
    }
    const delay = delays[attempt];
    if (delay === undefined) {
      throw new CciError(
        'LAMBDA_WAIT_TIMEOUT',
        `${functionName} is still ${config.State ?? '?'} / ${config.LastUpdateStatus ?? '?'} after waiting.`,
        { hint: 'Run `cci-lite deploy-lambdas` again in a minute: finished work is skipped.' },
      );
    }
    await sleep(delay);
  }
}

/** True when an update sent now would conflict with work Lambda is still doing. */
export function isBusy(config: FunctionConfiguration): boolean {
  return config.State === 'Pending' || config.LastUpdateStatus === 'InProgress';
}

function readiness(config: FunctionConfiguration, until: FunctionReadiness): Poll {
  switch (until) {
    case 'active':
      if (config.State === 'Failed') return failed(config.StateReasonCode, config.StateReason);
      return config.State === 'Active' ? { state: 'ready' } : { state: 'wait' };
    case 'updated':
      if (config.LastUpdateStatus === 'Failed') {
        return failed(config.LastUpdateStatusReasonCode, config.LastUpdateStatusReason);
      }
      return config.LastUpdateStatus === 'InProgress' ? { state: 'wait' } : { state: 'ready' };
    case 'idle':
      return isBusy(config) ? { state: 'wait' } : { state: 'ready' };
  }
}

function failed(code: string | undefined, reason: string | undefined): Poll {
  return { state: 'failed', reason: `${code ?? 'Failed'}: ${reason ?? 'no reason given'}` };
}

function defaultSleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
