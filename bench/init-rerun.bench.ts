import { performance } from 'node:perf_hooks';
import { runAwsInit } from '../src/aws/init.js';
import { ConfigSchema } from '../src/core/config/schema.js';
import { mockAws, TEST_REGION } from '../test/helpers/aws-mocks.js';
import {
  clearCallHistory,
  fakeAwsAccount,
  mutatingCommands,
  sentCommands,
} from '../test/helpers/fake-aws-account.js';
import { FakeReporter } from '../test/helpers/fake-reporter.js';
import type { BenchResult } from './bench-types.js';
import { round } from './format.js';

/**
 * `init --target aws` run a second time on an account it already provisioned
 * (the stateful fake account behind client mocks, as in
 * test/contract/init/): how many API calls the re-run makes and how many of
 * them mutate. A re-run must mutate nothing; a non-zero count is flagged in
 * the table, not asserted (this is a measurement).
 */
export const name = 'init-rerun';

const ENV_KEYS = ['AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_REGION', 'AWS_PROFILE'];

export async function run(): Promise<BenchResult> {
  // mockAws() sets fake credentials in the environment; later benchmarks get it back as it was.
  const savedEnv = Object.fromEntries(ENV_KEYS.map((k) => [k, process.env[k]]));
  const aws = mockAws();
  try {
    fakeAwsAccount(aws.mocks);
    const config = ConfigSchema.parse({
      target: 'aws',
      region: TEST_REGION,
      notificationEmail: 'qa-ops@example.com',
    });
    const init = () =>
      runAwsInit({ config, reporter: new FakeReporter(), dryRun: false, clients: aws.clients });
    let started = performance.now();
    await init();
    const firstMs = performance.now() - started;
    const firstCalls = sentCommands(aws.mocks).length;
    const firstMutating = mutatingCommands(aws.mocks).length;
    clearCallHistory(aws.mocks);
    started = performance.now();
    const second = await init();
    const secondMs = performance.now() - started;
    const calls = sentCommands(aws.mocks);
    const mutating = mutatingCommands(aws.mocks);
    const unchanged = second.resources.filter((r) => r.action === 'unchanged').length;
    return {
      metrics: [
        { metric: 'first run (fresh account): API calls', value: firstCalls, unit: 'calls' },
        { metric: 'first run: mutating calls', value: firstMutating, unit: 'calls' },
        { metric: 'second run: API calls', value: calls.length, unit: 'calls' },
        {
          metric: 'second run: mutating calls (must be 0)',
          value: mutating.length,
          unit: mutating.length === 0 ? 'calls (ok)' : 'calls — NOT IDEMPOTENT',
        },
        {
          metric: 'second run: resources unchanged',
          value: unchanged,
          unit: `of ${second.resources.length}`,
        },
        { metric: 'second run wall time (mocked clients)', value: round(secondMs), unit: 'ms' },
        { metric: 'first run wall time (mocked clients)', value: round(firstMs), unit: 'ms' },
      ],
      tables: [
        {
          title: 'second run: calls per client',
          head: ['client', 'calls', 'mutating'],
          rows: perClient(calls, mutating),
        },
      ],
      details: { secondRunCalls: calls, secondRunMutating: mutating },
    };
  } finally {
    aws.restore();
    for (const [k, v] of Object.entries(savedEnv)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  }
}

function perClient(
  calls: readonly string[],
  mutating: readonly string[],
): Array<Array<string | number>> {
  const clients = [...new Set(calls.map((c) => c.split(':')[0] ?? ''))].sort();
  return clients.map((client) => [
    client,
    calls.filter((c) => c.startsWith(`${client}:`)).length,
    mutating.filter((c) => c.startsWith(`${client}:`)).length,
  ]);
}
