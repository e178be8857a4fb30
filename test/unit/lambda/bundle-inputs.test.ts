import type { Metafile } from 'esbuild';
import { describe, expect, it } from 'vitest';
import { inputGroup, largestInputs } from '../../../src/aws/lambda/bundle-inputs.js';

describe('inputGroup', () => {
  it.each([
    ['node_modules/zod/v4/core/schemas.js', 'zod'],
    ['node_modules/@aws-sdk/client-s3/dist-es/index.js', '@aws-sdk/client-s3'],
    ['node_modules/a/node_modules/@smithy/core/dist-es/x.js', '@smithy/core'],
    ['src/core/llm/prompt.ts', 'src/core'],
    ['dist/pipeline/job-init.js', 'dist/pipeline'],
    ['src/version.ts', 'src/version.ts'],
  ])('%s → %s', (path, group) => {
    expect(inputGroup(path)).toBe(group);
  });
});

describe('largestInputs', () => {
  const input = (bytesInOutput: number) => ({ bytesInOutput });
  const metafile = {
    inputs: {},
    outputs: {
      'dist/lambda/job-init/index.mjs': {
        bytes: 0,
        imports: [],
        exports: ['handler'],
        inputs: {
          'node_modules/zod/a.js': input(300),
          'node_modules/zod/b.js': input(200),
          'node_modules/@aws-sdk/client-s3/c.js': input(400),
          'src/core/d.ts': input(50),
          'node_modules/unused/e.js': input(0),
        },
      },
      'dist/lambda/job-init/index.mjs.map': { bytes: 0, imports: [], exports: [], inputs: {} },
    },
  } as unknown as Metafile;

  it('sums bytes per package, drops tree-shaken ones and sorts largest first', () => {
    expect(largestInputs(metafile)).toEqual([
      { name: 'zod', bytes: 500 },
      { name: '@aws-sdk/client-s3', bytes: 400 },
      { name: 'src/core', bytes: 50 },
    ]);
  });

  it('keeps only the requested number', () => {
    expect(largestInputs(metafile, 1)).toEqual([{ name: 'zod', bytes: 500 }]);
  });
});
