import { zipSync, type Zippable } from 'fflate';
import { CciError } from '../../core/errors.js';

/**
 * A zip whose bytes depend only on the files' paths and contents: entries in
 * sorted order, one fixed timestamp, fixed Unix permissions, deflate level 9.
 * Lambda reports the SHA-256 of the uploaded zip as `CodeSha256`, so an
 * unchanged bundle yields an unchanged hash and `deploy-lambdas` can skip the
 * upload; a zip stamped with the build time would differ on every build.
 */
export interface ZipFileInput {
  /** Forward-slash path inside the zip, relative (e.g. `index.mjs`). */
  path: string;
  data: Uint8Array;
}

/**
 * The DOS epoch (1980-01-01 00:00:00), the earliest time a zip can hold.
 * fflate encodes `mtime` with the local-time getters of `Date`, so the date is
 * built from local components, and built per call (TZ may change while the
 * process runs): the encoded fields are then the same in every time zone.
 */
function dosEpoch(): Date {
  return new Date(1980, 0, 1, 0, 0, 0);
}

/** PKZIP "version made by" host 3 = Unix, so unzip tools honour the mode bits. */
const UNIX_HOST = 3;
/** Regular file, rw-r--r--, in the high 16 bits of the external attributes. */
const FILE_ATTRS = ((0o100000 | 0o644) << 16) >>> 0;
const DEFLATE_LEVEL = 9;

export function zipDeterministic(files: ReadonlyArray<ZipFileInput>): Uint8Array {
  const sorted = [...files].sort((a, b) => compareBytes(a.path, b.path));
  const mtime = dosEpoch();
  const entries: Zippable = {};
  for (const [i, file] of sorted.entries()) {
    checkPath(file.path);
    if (i > 0 && sorted[i - 1]?.path === file.path) {
      throw new CciError('ZIP_DUPLICATE_PATH', `Two files share the zip path "${file.path}".`);
    }
    // Keys are added in sorted order and zipSync writes them in key order. (An
    // all-digit path would be moved first by JavaScript's key ordering, which
    // still depends only on the paths, so the output stays deterministic.)
    entries[file.path] = [file.data, { mtime, os: UNIX_HOST, attrs: FILE_ATTRS }];
  }
  return zipSync(entries, { level: DEFLATE_LEVEL, mtime });
}

/** Code-unit order, not locale order: the same on every machine. */
function compareBytes(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Zip paths are relative and forward-slashed; anything else unpacks somewhere unexpected. */
function checkPath(path: string): void {
  const segments = path.split('/');
  const bad =
    path.length === 0 ||
    path.startsWith('/') ||
    path.includes('\\') ||
    segments.some((s) => s === '' || s === '.' || s === '..');
  if (bad) {
    throw new CciError('ZIP_BAD_PATH', `"${path}" is not a relative forward-slash file path.`);
  }
}
