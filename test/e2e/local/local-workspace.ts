import { copyFile, mkdtemp, readdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runCliCaptured, type CliRun } from '../../helpers/capture-io.js';

/** The bundled sample calls (samples/calls/, made with flite and sox). */
export const SAMPLE_CALLS = fileURLToPath(new URL('../../../samples/calls/', import.meta.url));
export const REPO_ROOT = fileURLToPath(new URL('../../../', import.meta.url));

/** A temporary directory holding a local workspace, driven through the CLI in-process. */
export class TempWorkspace {
  private constructor(readonly dir: string) {}

  static async create(): Promise<TempWorkspace> {
    return new TempWorkspace(await mkdtemp(join(tmpdir(), 'cci-e2e-')));
  }

  cli(...argv: string[]): Promise<CliRun> {
    return runCliCaptured(argv, { cwd: this.dir });
  }

  async json<T>(...argv: string[]): Promise<T> {
    const r = await this.cli(...argv, '--json');
    if (r.code !== 0) {
      throw new Error(`cci-lite ${argv.join(' ')} exited ${r.code}\n${r.stdout}\n${r.stderr}`);
    }
    return JSON.parse(r.stdout) as T;
  }

  /** Copies a sample call into the directory (under another name if given). */
  async sample(name: string, as = name): Promise<string> {
    const target = join(this.dir, as);
    await copyFile(join(SAMPLE_CALLS, name), target);
    return target;
  }

  async file(name: string, body: Uint8Array | string): Promise<string> {
    const target = join(this.dir, name);
    await writeFile(target, body);
    return target;
  }

  path(...parts: string[]): string {
    return join(this.dir, '.cci-lite', ...parts);
  }

  /** Keys under a prefix of a bucket directory (recursive). */
  async keys(bucketDir: string, prefix: string): Promise<string[]> {
    const root = this.path('buckets', bucketDir);
    const entries = await readdir(join(root, prefix), {
      recursive: true,
      withFileTypes: true,
    }).catch(() => []);
    return entries
      .filter((e) => e.isFile())
      .map((e) => join(e.parentPath, e.name).slice(root.length + 1))
      .sort();
  }

  async jobFiles(): Promise<string[]> {
    const names = await readdir(this.path('transcribe-jobs')).catch(() => [] as string[]);
    return names.filter((n) => n.endsWith('.json')).sort();
  }
}

export interface RunOutput {
  processed: number;
  failed: number;
  deadLettered: number;
  calls: Array<{
    callId: string;
    tenantId: string;
    status: string;
    percentage: number | null;
    passed: boolean | null;
    reason?: string;
  }>;
}

export interface DlqOutput {
  count: number;
  deadLetters: Array<{ queue: string; reason: string; callId?: string; receives: number }>;
}
