// A fresh database for a test twin, in the suite's own PostgreSQL cluster (test/globalSetup.ts), copied from a
// migrated template: a test never shares history with another, and never waits on PGlite's first start.
import { cpSync } from 'node:fs';
import { join } from 'node:path';
import { inject } from 'vitest';
import { createDatabase } from './postgres';

let made = 0;

/** A database URL, or '' outside the test runner (a script using the test helpers): the twin's embedded PGlite then. */
export async function freshDatabaseUrl(): Promise<string> {
  let cluster: string | undefined;
  try { cluster = inject('postgresUrl'); } catch { return ''; }
  if (!cluster) throw new Error('the tests\' PostgreSQL cluster is not running (test/globalSetup.ts)');
  return createDatabase(cluster, `twin_${process.pid}_${++made}_${Date.now() % 100000}`, 'twin_template');
}

const byDataDir = new Map<string, Promise<string>>();

/** The database of a DATA_DIR: a twin restarted on the same folder finds its people, scenarios and history
 * again, as a deployment's folder and database go together. A fresh one for a folder not seen before. */
export function databaseFor(dataDir: string | undefined): Promise<string> {
  if (!dataDir) return freshDatabaseUrl();
  let url = byDataDir.get(dataDir);
  if (!url) { url = freshDatabaseUrl(); byDataDir.set(dataDir, url); }
  return url;
}

/** The embedded database for a twin (or a test) in `dataDir`: a copy of the suite's made and migrated one.
 * Outside the test runner (a script using the helpers) nothing is copied: the twin makes its own. */
export function embeddedDatabaseIn(dataDir: string): void {
  let template: string;
  try { template = inject('pgliteTemplate'); } catch { return; }
  cpSync(template, join(dataDir, 'db'), { recursive: true });
}
