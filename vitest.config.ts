import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['{twin-assets,bridge,sim-server,device-emulators,scenarios,client}/**/*.test.{ts,tsx}', 'test/**/*.test.ts'],
    exclude: ['**/node_modules/**', 'client/dist/**'],
    // Colyseus' matchmaker is a process-wide singleton: each test file gets its own process.
    pool: 'forks',
    // Two test files at a time on two cores: most of a file's time is spent waiting on brokers, processes and
    // browsers, and the tests are written to hold on a busy machine (vitest's default on two cores is one).
    maxWorkers: 2,
    // One PostgreSQL cluster for the suite, started from Debian's package (never the machine's own service).
    globalSetup: ['./test/globalSetup.ts'],
    // Generous: the suite must pass on 2 cores while another CPU-heavy job runs. Tests wait on conditions.
    testTimeout: 120_000,
    hookTimeout: 120_000,
    reporters: ['default', './test/summaryReporter.ts'],
  },
});
