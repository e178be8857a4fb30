import { execFile } from 'node:child_process';
import { readdir, readFile } from 'node:fs/promises';
import { basename, extname, join } from 'node:path';
import { promisify } from 'node:util';
import { z } from 'zod';
import { probeAudioHeader } from '../../src/core/audio/index.js';

export interface SampleCall {
  file: string;
  /** The file name without extension, as in samples/scripts/<name>.json. */
  name: string;
  tenantId: string;
  channels: number;
  durationMs: number;
}

const ScriptSchema = z.looseObject({ tenant: z.string().optional() });

/**
 * The bundled sample calls (samples/calls/*.wav) with the tenant their script
 * names (samples/scripts/<name>.json; `fallbackTenant` without one) and their
 * length, read from the audio header, or from `soxi -D` when the header has none.
 */
export async function listSampleCalls(
  repoRoot: string,
  fallbackTenant: string,
): Promise<SampleCall[]> {
  const dir = join(repoRoot, 'samples', 'calls');
  const files = (await readdir(dir)).filter((f) => extname(f).toLowerCase() === '.wav').sort();
  const calls: SampleCall[] = [];
  for (const fileName of files) {
    const file = join(dir, fileName);
    const name = basename(fileName, extname(fileName));
    const bytes = await readFile(file);
    const probe = probeAudioHeader(bytes, fileName, { fileSize: bytes.byteLength });
    calls.push({
      file,
      name,
      tenantId: (await scriptTenant(repoRoot, name)) ?? fallbackTenant,
      channels: probe.channels ?? 1,
      durationMs: probe.durationMs ?? (await soxiDurationMs(file)),
    });
  }
  return calls;
}

async function scriptTenant(repoRoot: string, name: string): Promise<string | undefined> {
  const file = join(repoRoot, 'samples', 'scripts', `${name}.json`);
  const text = await readFile(file, 'utf8').catch(() => undefined);
  if (text === undefined) return undefined;
  const parsed = ScriptSchema.safeParse(JSON.parse(text));
  return parsed.success ? parsed.data.tenant : undefined;
}

async function soxiDurationMs(file: string): Promise<number> {
  const { stdout } = await promisify(execFile)('soxi', ['-D', file]);
  const seconds = Number(stdout.trim());
  if (!Number.isFinite(seconds)) throw new Error(`soxi -D gave no duration for ${file}`);
  return seconds * 1000;
}
