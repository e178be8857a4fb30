import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    environment: 'node',
    // e2e tests spawn the built CLI; give them room without slowing unit feedback.
    testTimeout: 20_000,
  },
});
