// Residents' report photos, in the database (table report_photos) so every process of a district serves them.
// A photo is stored before the report that names it is recorded; a report refused after that drops it again.
// DATA_DIR/reports/ from before the database kept them is imported once, at start.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { Sql } from '../history/sql';

export class PhotoStore {
  constructor(private readonly sql: Sql) {}

  async put(name: string, contentType: string, bytes: Uint8Array, at: number): Promise<void> {
    await this.sql.query('insert into report_photos (name, content_type, bytes, at) values ($1, $2, $3, $4)', [name, contentType, Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength), at]);
  }

  async get(name: string): Promise<Buffer | null> {
    const [row] = await this.sql.query<{ bytes: Uint8Array }>('select bytes from report_photos where name = $1', [name]);
    return row ? Buffer.from(row.bytes.buffer, row.bytes.byteOffset, row.bytes.byteLength) : null;
  }

  async remove(name: string): Promise<void> { await this.sql.query('delete from report_photos where name = $1', [name]); }

  /** Photos written as files before (DATA_DIR/reports/<uuid>.<type>) that the database has not got yet. */
  async importDir(dir: string, mediaTypes: Record<string, string>): Promise<number> {
    if (!existsSync(dir)) return 0;
    const names = readdirSync(dir).filter((name) => mediaTypes[name.split('.').pop() ?? '']);
    // Only the folder's own names are asked about: it stopped growing when the database took over, the table did not.
    const have = new Set((await this.sql.query<{ name: string }>('select name from report_photos where name = any($1::text[])', [names])).map((r) => r.name));
    let n = 0;
    for (const name of names) {
      const type = mediaTypes[name.split('.').pop() ?? '']!;
      if (have.has(name)) continue;
      const file = join(dir, name);
      await this.sql.query('insert into report_photos (name, content_type, bytes, at) values ($1, $2, $3, $4) on conflict do nothing', [name, type, readFileSync(file), Math.round(statSync(file).mtimeMs)]);
      n++;
    }
    return n;
  }
}
