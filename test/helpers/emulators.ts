import { mkdtemp, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { S3Client } from '@aws-sdk/client-s3';
import { SNSClient } from '@aws-sdk/client-sns';
import { SQSClient } from '@aws-sdk/client-sqs';
import { buildApp } from 'fauxqs';
import type { AwsClients } from '../../src/aws/clients.js';

/**
 * The data-plane emulators of DESIGN.md ("integration" tier), started inside the
 * tests on 127.0.0.1 with a port the OS picks, and stopped by the same test file.
 * Each returns the endpoint to point SDK clients at.
 */
export interface Emulator {
  endpoint: string;
  stop(): Promise<void>;
}

/** Region the emulators sign for; fauxqs builds ARNs from it. */
export const EMULATOR_REGION = 'eu-central-1';
/** fauxqs answers as this account; ARNs a step derives must use it. */
export const FAUXQS_ACCOUNT = '000000000000';

const require = createRequire(import.meta.url);
const LOOPBACK = '127.0.0.1';

// dynalite and s3rver are CommonJS without type declarations: type the little we use.
type DynaliteFactory = (options: { createTableMs?: number; deleteTableMs?: number }) => Server;
interface S3rverInstance {
  run(): Promise<AddressInfo>;
  close(): Promise<void>;
}
type S3rverClass = new (options: {
  address: string;
  port: number;
  silent: boolean;
  directory: string;
  configureBuckets: Array<{ name: string }>;
}) => S3rverInstance;

/** dynalite (DynamoDB tables and items; no PITR, SSE or deletion protection). */
export async function startDynalite(): Promise<Emulator> {
  const dynalite = require('dynalite') as DynaliteFactory;
  // Tables turn ACTIVE at once, so no test waits on a timer.
  const server = dynalite({ createTableMs: 0, deleteTableMs: 0 });
  const port = await listen(server);
  return {
    endpoint: `http://${LOOPBACK}:${port}`,
    stop: () => closeServer(server),
  };
}

/** s3rver (objects, ranges, tags, listings) over a temporary directory, with the given buckets. */
export async function startS3rver(buckets: string[]): Promise<Emulator> {
  const S3rver = require('s3rver') as S3rverClass;
  const directory = await mkdtemp(join(tmpdir(), 'cci-s3rver-'));
  const server = new S3rver({
    address: LOOPBACK,
    port: 0,
    silent: true,
    directory,
    configureBuckets: buckets.map((name) => ({ name })),
  });
  const address = await server.run();
  return {
    endpoint: `http://${LOOPBACK}:${address.port}`,
    stop: async () => {
      await server.close();
      await rm(directory, { recursive: true, force: true });
    },
  };
}

/**
 * fauxqs (SNS and SQS). `startFauxqs` listens on every interface, so the app is
 * built here and bound to the loopback address only.
 */
export async function startFauxqs(): Promise<Emulator> {
  const app = buildApp({ logger: false, defaultRegion: EMULATOR_REGION });
  const address = await app.listen({ port: 0, host: LOOPBACK });
  return {
    endpoint: address,
    stop: async () => {
      await app.close();
    },
  };
}

const emulatorCredentials = { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' };

function clientConfig(endpoint: string) {
  return { endpoint, region: EMULATOR_REGION, credentials: emulatorCredentials, maxAttempts: 1 };
}

export function dynamoDbClient(endpoint: string): DynamoDBClient {
  return new DynamoDBClient(clientConfig(endpoint));
}

/**
 * s3rver knows neither virtual-hosted buckets on 127.0.0.1 nor the flexible
 * checksums the SDK sends by default (aws-chunked bodies with trailers).
 */
export function s3Client(endpoint: string): S3Client {
  return new S3Client({
    ...clientConfig(endpoint),
    forcePathStyle: true,
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
  });
}

export function snsClient(endpoint: string): SNSClient {
  return new SNSClient(clientConfig(endpoint));
}

export function sqsClient(endpoint: string): SQSClient {
  return new SQSClient(clientConfig(endpoint));
}

/**
 * An AwsClients whose given clients talk to emulators; touching any other
 * client fails loudly, so a test cannot reach AWS by accident.
 */
export function emulatorClients(clients: Partial<AwsClients>): AwsClients {
  return new Proxy(clients, {
    get(target, key) {
      const client = target[key as keyof AwsClients];
      if (client === undefined) {
        throw new Error(`No emulator client for ${String(key)} in this test.`);
      }
      return client;
    },
  }) as AwsClients;
}

function listen(server: Server): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, LOOPBACK, () => resolve((server.address() as AddressInfo).port));
  });
}

function closeServer(server: Server): Promise<void> {
  return new Promise((resolve, reject) => server.close((err) => (err ? reject(err) : resolve())));
}
