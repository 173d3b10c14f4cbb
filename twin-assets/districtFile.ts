// Reading a district file from disk, for the server and the command-line tools. A district file may be a
// patch of another, as the planner exports a placement:
// `{"base": "<district file, relative to this one, or "bundled">", "patch": [RFC 6902 operations]}`,
// applied before the district is validated.
import jsonpatch, { type Operation } from 'fast-json-patch';
import { readFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { BUNDLED } from './loadDistrict';

export class DistrictFileError extends Error {
  /** `unreadable`: the file could not be read at all, rather than read and found wrong. */
  constructor(readonly file: string, readonly lines: string[], unreadable = false) {
    super(`${file}${unreadable ? '' : ' is invalid'}: ${lines.slice(0, 5).join('; ')}${lines.length > 5 ? ` (and ${lines.length - 5} more)` : ''}`);
  }
}

export async function readJson(file: string): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (e) {
    throw new DistrictFileError(file, [(e as NodeJS.ErrnoException).code === 'ENOENT' ? 'file not found' : (e as Error).message], true);
  }
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new DistrictFileError(file, [`not valid JSON: ${(e as Error).message}`]);
  }
}

const MAX_PATCH_DEPTH = 8;
const isPatch = (raw: unknown): raw is { base: unknown; patch: unknown } => typeof raw === 'object' && raw !== null && !Array.isArray(raw) && 'patch' in raw && 'base' in raw;

/** The district's JSON with any patches applied, and the directory its rules file is named from. */
export async function readDistrictJson(file: string, depth = 0): Promise<{ raw: unknown; rulesDir: string }> {
  const raw = await readJson(file);
  if (!isPatch(raw)) return { raw, rulesDir: dirname(file) };
  if (depth >= MAX_PATCH_DEPTH) throw new DistrictFileError(file, [`patches nest deeper than ${MAX_PATCH_DEPTH}: is one its own base?`]);
  if (typeof raw.base !== 'string' || !Array.isArray(raw.patch)) throw new DistrictFileError(file, ['a patch needs "base" (a district file) and "patch" (a list of RFC 6902 operations)']);
  const base = await readDistrictJson(raw.base === 'bundled' ? fileURLToPath(BUNDLED.district) : resolve(dirname(file), raw.base), depth + 1);
  const ops = raw.patch as Operation[];
  try {
    const patched = jsonpatch.applyPatch(structuredClone(base.raw), ops, true).newDocument;
    return { raw: patched, rulesDir: ops.some((op) => op.path === '/rulesFile') ? dirname(file) : base.rulesDir };
  } catch (e) {
    const err = e as { index?: number; name?: string; message: string; operation?: Operation };
    const op = err.operation ? ` (${err.operation.op} ${err.operation.path})` : '';
    const why = err.name === 'TEST_OPERATION_FAILED' ? 'the base is not what the patch was made for' : err.message.split('\n')[0]!;
    // The library's index can be off for an operation that fails on the patched document; find it ourselves.
    const at = err.operation && ops.includes(err.operation) ? ops.indexOf(err.operation) : err.index ?? '?';
    throw new DistrictFileError(file, [`patch[${at}]${op}: ${why}`]);
  }
}
