import { unzipSync } from 'fflate';
import { afterEach, describe, expect, it } from 'vitest';
import { CciError } from '../../../src/core/errors.js';
import { zipDeterministic } from '../../../src/aws/lambda/deterministic-zip.js';
import { readCentralDirectory } from './zip-central-directory.js';

const text = (s: string): Uint8Array => new TextEncoder().encode(s);

const FILES = [
  { path: 'index.mjs', data: text('export const handler = async () => 42;\n'.repeat(50)) },
  { path: 'index.mjs.map', data: text('{"version":3,"sources":[],"mappings":""}') },
  { path: 'lib/a.js', data: text('module.exports = 1;') },
  { path: 'B.txt', data: new Uint8Array([0, 1, 2, 255]) },
];

/** DOS date of 1980-01-01: year offset 0, month 1, day 1; time 00:00:00 is 0. */
const DOS_DATE_1980_01_01 = (0 << 9) | (1 << 5) | 1;

describe('zipDeterministic', () => {
  const originalTz = process.env['TZ'];
  afterEach(() => {
    if (originalTz === undefined) delete process.env['TZ'];
    else process.env['TZ'] = originalTz;
  });

  it('gives identical bytes whatever the input order', () => {
    const reference = zipDeterministic(FILES);
    expect(zipDeterministic([...FILES].reverse())).toEqual(reference);
    expect(zipDeterministic([FILES[2]!, FILES[0]!, FILES[3]!, FILES[1]!])).toEqual(reference);
  });

  it('gives identical bytes in any time zone', () => {
    const reference = zipDeterministic(FILES);
    for (const tz of ['UTC', 'America/Los_Angeles', 'Asia/Kolkata', 'Pacific/Kiritimati']) {
      process.env['TZ'] = tz;
      expect(zipDeterministic(FILES), tz).toEqual(reference);
    }
  });

  it('differs when a file content, a path or the file set differs', () => {
    const reference = zipDeterministic(FILES);
    const changed = FILES.map((f) => (f.path === 'lib/a.js' ? { ...f, data: text('2') } : f));
    const renamed = FILES.map((f) => (f.path === 'B.txt' ? { ...f, path: 'C.txt' } : f));
    expect(zipDeterministic(changed)).not.toEqual(reference);
    expect(zipDeterministic(renamed)).not.toEqual(reference);
    expect(zipDeterministic(FILES.slice(1))).not.toEqual(reference);
  });

  it('round-trips every file through unzipSync', () => {
    const unzipped = unzipSync(zipDeterministic(FILES));
    expect(Object.keys(unzipped).sort()).toEqual(FILES.map((f) => f.path).sort());
    for (const f of FILES) expect(unzipped[f.path]).toEqual(f.data);
  });

  it('writes entries in sorted order with the DOS-epoch time and 0644 Unix permissions', () => {
    const entries = readCentralDirectory(zipDeterministic(FILES));
    expect(entries.map((e) => e.name)).toEqual(['B.txt', 'index.mjs', 'index.mjs.map', 'lib/a.js']);
    for (const e of entries) {
      expect(e.dosDate).toBe(DOS_DATE_1980_01_01);
      expect(e.dosTime).toBe(0);
      expect(e.host).toBe(3);
      expect(e.externalAttrs >>> 16).toBe(0o100644);
    }
  });

  it('compresses (deflate) rather than stores', () => {
    const big = [{ path: 'index.mjs', data: text('const a = 1;\n'.repeat(10_000)) }];
    expect(zipDeterministic(big).byteLength).toBeLessThan(big[0]!.data.byteLength / 20);
  });

  it('zips an empty file list to a readable empty archive', () => {
    expect(unzipSync(zipDeterministic([]))).toEqual({});
  });

  it('rejects duplicate paths', () => {
    const dup = [...FILES, { path: 'index.mjs', data: text('other') }];
    expect(() => zipDeterministic(dup)).toThrow(CciError);
    expect(() => zipDeterministic(dup)).toThrow(/index\.mjs/);
  });

  it.each(['', '/abs.js', '../up.js', 'a/../b.js', 'a//b.js', './a.js', 'dir\\file.js', 'dir/'])(
    'rejects the path %j',
    (path) => {
      expect(() => zipDeterministic([{ path, data: text('x') }])).toThrow(CciError);
    },
  );
});
