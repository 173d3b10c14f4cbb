// The worker thread that owns an embedded PGlite database (sql.ts talks to it): queries in, rows out.
import { parentPort, workerData } from 'node:worker_threads';
import { PGlite } from '@electric-sql/pglite';
import { WORK_MEM, type Statement } from './sql';

type Request = { id: number } & ({ op: 'query'; sql: string; params?: unknown[] } | { op: 'batch'; statements: Statement[] } | { op: 'close' });

const port = parentPort!;
let db: PGlite;
try {
  // numeric as a number, as sql.ts has node-postgres answer (bigint already is one here).
  db = await PGlite.create(workerData.dir as string, { parsers: { 1700: (v: string) => Number(v) } });
  await db.exec(`set work_mem = '${WORK_MEM}'`);
  port.postMessage({ open: true });
} catch (e) {
  port.postMessage({ error: (e as Error).message });
  throw e;
}

// One request at a time, in order: PGlite is a single connection.
let chain = Promise.resolve();
port.on('message', (m: Request) => {
  chain = chain.then(async () => {
    try {
      if (m.op === 'query') port.postMessage({ id: m.id, ok: true, rows: (await db.query(m.sql, m.params)).rows });
      else if (m.op === 'batch') {
        await db.transaction(async (tx) => { for (const s of m.statements) await tx.query(s.sql, s.params); });
        port.postMessage({ id: m.id, ok: true, rows: [] });
      } else { await db.close(); port.postMessage({ id: m.id, ok: true, rows: [] }); }
    } catch (e) {
      port.postMessage({ id: m.id, ok: false, error: (e as Error).message, code: (e as { code?: string }).code });
    }
  });
});
