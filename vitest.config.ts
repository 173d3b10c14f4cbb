import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['{twin-assets,bridge,sim-server,device-emulators,scenarios,client}/**/*.test.{ts,tsx}', 'test/**/*.test.ts'],
    exclude: ['**/node_modules/**', 'client/dist/**'],
    // Colyseus' matchmaker is a process-wide singleton: each test file gets its own process.
    pool: 'forks',
    testTimeout: 30_000,
    hookTimeout: 60_000,
    reporters: ['default', './test/summaryReporter.ts'],
  },
});
