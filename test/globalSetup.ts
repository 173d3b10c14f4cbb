// Once for the whole suite: one PostgreSQL cluster of the tests' own (test/helpers/postgres.ts) with a template
// database already migrated, so each test twin gets a fresh database of its own in milliseconds; and an embedded
// (PGlite) database made and migrated once, copied by the tests that run on PGlite (its first start — initdb in
// WebAssembly, seconds of CPU — is what `npm start` does, and startup.test.ts runs that).
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { migrate } from '../sim-server/history/migrations';
import { openDatabase } from '../sim-server/history/sql';
import { createDatabase, startPostgres } from './helpers/postgres';

declare module 'vitest' {
  export interface ProvidedContext { postgresUrl: string; pgliteTemplate: string }
}

export default async function setup(project: TestProject) {
  const cluster = await startPostgres();
  const template = await createDatabase(cluster.url, 'twin_template');
  const sql = await openDatabase({ databaseUrl: template, dataDir: '' });
  await migrate(sql);
  await sql.close();
  const embedded = mkdtempSync(join(tmpdir(), 'twin-pglite-template-'));
  const pglite = await openDatabase({ databaseUrl: null, dataDir: embedded });
  await migrate(pglite);
  await pglite.close();
  project.provide('postgresUrl', cluster.url);
  project.provide('pgliteTemplate', join(embedded, 'db'));
  return () => cluster.remove();
}
