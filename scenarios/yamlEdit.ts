// Edits to a scenario file that leave every other byte as the trainer wrote it: comments, key order,
// spacing, quoting. The yaml package's document API finds the node (its source range); the edit replaces
// or inserts only that range's text. Values are written in flow style on one line, as the built-in files
// write their small maps (`{ id: ack, action: acknowledge, withinS: 120 }`).
import { isMap, isSeq, parseDocument, stringify, type Document, type Node } from 'yaml';

export type YamlPath = (string | number)[];

const flow = (v: unknown) => stringify(v, { collectionStyle: 'flow', lineWidth: 0, flowCollectionPadding: true }).trimEnd();

function parse(src: string): Document {
  const doc = parseDocument(src);
  if (doc.errors.length) throw new Error(`the file cannot be read: ${doc.errors[0]!.message.split('\n')[0]}`);
  return doc;
}

const nodeAt = (doc: Document, path: YamlPath) => (path.length ? doc.getIn(path, true) : doc.contents) as (Node & { range?: [number, number, number] }) | undefined;
const lineStart = (src: string, at: number) => src.lastIndexOf('\n', at - 1) + 1;
const lineEnd = (src: string, at: number) => { const n = src.indexOf('\n', at); return n < 0 ? src.length : n; };
const column = (src: string, at: number) => at - lineStart(src, at);

/** Sets the value at a path: replaces it where it is, or adds the key to its map (or the item at the end of its list). */
export function setIn(src: string, path: YamlPath, value: unknown): string {
  const doc = parse(src);
  const node = nodeAt(doc, path);
  if (node?.range) return src.slice(0, node.range[0]) + flow(value) + src.slice(node.range[1]);
  const parent = nodeAt(doc, path.slice(0, -1));
  const key = path.at(-1)!;
  if (isSeq(parent) && key === parent.items.length) return appendIn(src, path.slice(0, -1), value);
  if (!isMap(parent) || !parent.range) throw new Error(`nowhere to put ${path.join('.')}: its parent is not a map`);
  const [a, b] = parent.range;
  if (parent.flow) { const close = src.lastIndexOf('}', b); return `${src.slice(0, close).replace(/\s*$/, '')}${parent.items.length ? ',' : ''} ${key}: ${flow(value)} ${src.slice(close)}`; }
  const last = parent.items.at(-1) as { value?: Node & { range?: [number, number, number] }; key?: Node & { range?: [number, number, number] } } | undefined;
  const end = lineEnd(src, (last?.value?.range ?? last?.key?.range ?? parent.range)[1] - 1);
  const indent = ' '.repeat(column(src, (parent.items[0] as { key?: { range?: [number, number, number] } } | undefined)?.key?.range?.[0] ?? a));
  return `${src.slice(0, end)}\n${indent}${key}: ${flow(value)}${src.slice(end)}`;
}

/** Adds an item at the end of the list at a path (the list is made if the key is missing). */
export function appendIn(src: string, path: YamlPath, value: unknown): string {
  const doc = parse(src);
  const seq = nodeAt(doc, path);
  if (!seq) return setIn(src, path, [value]);
  if (!isSeq(seq) || !seq.range) throw new Error(`${path.join('.')} is not a list`);
  // An empty `[]` becomes a block list, as the files write lists of maps; a flow list with items stays one.
  if (seq.flow && seq.items.length === 0) {
    const ls = lineStart(src, seq.range[0]);
    const indent = ' '.repeat((/^ */.exec(src.slice(ls))![0].length) + 2);
    return `${src.slice(0, seq.range[0]).replace(/ +$/, '')}\n${indent}- ${flow(value)}${src.slice(seq.range[1])}`;
  }
  if (seq.flow) { const close = src.lastIndexOf(']', seq.range[1]); return `${src.slice(0, close).replace(/\s*$/, '')}${seq.items.length ? ', ' : ''}${flow(value)}${src.slice(close)}`; }
  const end = lineEnd(src, (seq.items.at(-1) as Node & { range: [number, number, number] }).range[1] - 1);
  return `${src.slice(0, end)}\n${' '.repeat(column(src, seq.range[0]))}- ${flow(value)}${src.slice(end)}`;
}

/** Removes the key or list item at a path, with its lines (its own comments go with it). */
export function deleteIn(src: string, path: YamlPath): string {
  const doc = parse(src);
  const parent = nodeAt(doc, path.slice(0, -1));
  const key = path.at(-1)!;
  if (isSeq(parent) && typeof key === 'number' && parent.items[key]) {
    if (parent.flow) return setIn(src, path.slice(0, -1), (parent.toJSON() as unknown[]).filter((_, i) => i !== key));
    const item = parent.items[key] as Node & { range: [number, number, number] };
    return src.slice(0, lineStart(src, item.range[0])) + src.slice(Math.min(src.length, lineEnd(src, item.range[1] - 1) + 1));
  }
  if (isMap(parent)) {
    const pair = parent.items.find((p) => (p.key as { value?: unknown } | null)?.value === key) as { key: Node & { range: [number, number, number] }; value: (Node & { range: [number, number, number] }) | null } | undefined;
    if (!pair) return src;
    if (parent.flow) { const js = parent.toJSON() as Record<string, unknown>; delete js[String(key)]; return setIn(src, path.slice(0, -1), js); }
    const end = (pair.value ?? pair.key).range[1];
    return src.slice(0, lineStart(src, pair.key.range[0])) + src.slice(Math.min(src.length, lineEnd(src, end - 1) + 1));
  }
  return src;
}
