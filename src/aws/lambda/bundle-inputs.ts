import type { Metafile } from 'esbuild';

/** How much of one bundle a package (or a project folder) accounts for. */
export interface BundleInput {
  /** npm package (`@aws-sdk/client-s3`) or project folder (`src/core`). */
  name: string;
  /** Bytes it contributes to the minified output, after tree-shaking. */
  bytes: number;
}

/**
 * The largest contributors to a bundle, grouped by package, largest first:
 * which dependency to look at when a zip grows or a cold start slows down.
 */
export function largestInputs(metafile: Metafile, limit = 10): BundleInput[] {
  const totals = new Map<string, number>();
  for (const output of Object.values(metafile.outputs)) {
    for (const [path, input] of Object.entries(output.inputs)) {
      const name = inputGroup(path);
      totals.set(name, (totals.get(name) ?? 0) + input.bytesInOutput);
    }
  }
  return [...totals]
    .map(([name, bytes]) => ({ name, bytes }))
    .filter((i) => i.bytes > 0)
    .sort((a, b) => b.bytes - a.bytes || (a.name < b.name ? -1 : 1))
    .slice(0, limit);
}

/** `node_modules/@scope/pkg/x.js` → `@scope/pkg`; `src/core/a/b.ts` → `src/core`. */
export function inputGroup(path: string): string {
  const marker = 'node_modules/';
  const at = path.lastIndexOf(marker);
  if (at >= 0) {
    const parts = path.slice(at + marker.length).split('/');
    const scoped = parts[0]?.startsWith('@') === true;
    return parts.slice(0, scoped ? 2 : 1).join('/');
  }
  const parts = path.split('/');
  return parts.length > 2 ? parts.slice(0, 2).join('/') : path;
}
