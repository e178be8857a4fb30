import type { ConfigItem, ConfigStore } from '../../pipeline/ports.js';

/**
 * A ConfigStore for plans: reads go to the real store, writes are answered as
 * the real store would answer them (a conditional put fails when the item
 * exists) but change nothing. The shared TenantStore logic then runs unchanged
 * on a dry run and reports what it would do.
 */
export class DryRunConfigStore implements ConfigStore {
  constructor(private readonly inner: ConfigStore) {}

  get(pk: string, sk: string): Promise<ConfigItem | undefined> {
    return this.inner.get(pk, sk);
  }

  async put(item: ConfigItem, options: { ifNotExists?: boolean } = {}): Promise<boolean> {
    if (options.ifNotExists !== true) return true;
    return (await this.inner.get(item.pk, item.sk)) === undefined;
  }

  query(pk: string, skPrefix?: string): Promise<ConfigItem[]> {
    return this.inner.query(pk, skPrefix);
  }

  scanPrefix(pkPrefix: string, skPrefix?: string): Promise<ConfigItem[]> {
    return this.inner.scanPrefix(pkPrefix, skPrefix);
  }

  async delete(): Promise<void> {}
}
