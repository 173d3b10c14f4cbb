// A fresh database for a test twin, in the suite's own PostgreSQL cluster (test/globalSetup.ts), copied from a
// migrated template: a test never shares history with another, and never waits on PGlite's first start.
import { inject } from 'vitest';
import { createDatabase } from './postgres';

let made = 0;

export async function freshDatabaseUrl(): Promise<string> {
  const cluster = inject('postgresUrl');
  if (!cluster) throw new Error('the tests\' PostgreSQL cluster is not running (test/globalSetup.ts)');
  return createDatabase(cluster, `twin_${process.pid}_${++made}_${Date.now() % 100000}`, 'twin_template');
}
