import { VERSION } from '../version.js';

/**
 * Settings every SDK client shares: region, profile credentials, adaptive
 * retries and the cci-lite user agent. Kept apart from the client table so a
 * Lambda bundle that needs six clients does not carry all of them.
 */
export interface ClientSettings {
  region: string;
  /** Bedrock may be called in another region (guide §0, §7.1). */
  bedrockRegion?: string;
  profile?: string;
}

/** Budgets is a global service answered in us-east-1. */
export const BUDGETS_REGION = 'us-east-1';

export function clientConfig(settings: ClientSettings, region = settings.region) {
  return {
    region,
    ...(settings.profile === undefined ? {} : { profile: settings.profile }),
    retryMode: 'adaptive',
    maxAttempts: 5,
    customUserAgent: `cci-lite/${VERSION}`,
  };
}

/** An object whose clients are created on first use, so a caller pays only for those it calls. */
export function lazyClients<T extends object>(makers: { [K in keyof T]: () => T[K] }): T {
  const cache = new Map<keyof T, T[keyof T]>();
  const clients = {} as T;
  for (const key of Object.keys(makers) as Array<keyof T>) {
    Object.defineProperty(clients, key, {
      enumerable: true,
      get: () => {
        if (!cache.has(key)) cache.set(key, makers[key]());
        return cache.get(key);
      },
    });
  }
  return clients;
}
