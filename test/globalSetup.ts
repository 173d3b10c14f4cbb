// Once for the whole suite: one PostgreSQL cluster of the tests' own (test/helpers/postgres.ts) with a template
// database already migrated, so each test twin gets a fresh database of its own in milliseconds.
import type { TestProject } from 'vitest/node';
import { migrate } from '../sim-server/history/migrations';
import { openDatabase } from '../sim-server/history/sql';
import { createDatabase, startPostgres } from './helpers/postgres';

declare module 'vitest' {
  export interface ProvidedContext { postgresUrl: string }
}

export default async function setup(project: TestProject) {
  const cluster = await startPostgres();
  const template = await createDatabase(cluster.url, 'twin_template');
  const sql = await openDatabase({ databaseUrl: template, dataDir: '' });
  await migrate(sql);
  await sql.close();
  project.provide('postgresUrl', cluster.url);
  return () => cluster.remove();
}
