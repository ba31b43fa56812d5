import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 20_000,
    hookTimeout: 30_000,
    // Canary secrets per run, and after the last test a search for them in all that the tests captured.
    globalSetup: ['test/helpers/canaryCheck.ts'],
    setupFiles: ['test/helpers/captureStderr.ts'],
  },
});
