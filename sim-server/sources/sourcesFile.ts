// SOURCES=<file>: the device sources this twin takes messages from besides its own topics (CONTRACT "Device
// sources"): JSON `[{id, kind, mqttUrl?, applicationId?, secret?}]`, and a platform's keys for its command API
// (OneNET `apiKey, commandResource, apiUrl?`; CTWing `appKey, appSecret, masterKey, productId, apiUrl?`). Read and
// checked at start; a bad file stops the start with the file, the entry and the reason.
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { formatPath } from '../../twin-assets/validationErrors';

const SECRET = z.string().min(8, 'a secret of at least 8 characters');
const ID = z.string().regex(/^[a-z0-9][a-z0-9_-]{0,63}$/, 'an id of lower-case letters, digits, "_" or "-"');
export const SourceConfig = z.discriminatedUnion('kind', [
  /** A ChirpStack v4 MQTT integration; without mqttUrl, ChirpStack publishes to the twin's own broker. */
  z.object({ id: ID, kind: z.literal('chirpstack'), mqttUrl: z.string().regex(/^(mqtts?|wss?|tcp|ssl):\/\//, 'an mqtt:// or mqtts:// address').optional(), applicationId: z.string().min(1).max(64).optional(), username: z.string().optional(), password: z.string().optional() }).strict(),
  z.object({ id: ID, kind: z.literal('webhook'), secret: SECRET }).strict(),
  /** CTWing: `secret` is the push URL's token; with the application's App Key and Secret, the product's MasterKey
   * and its id, commands go out through CTWing's CreateCommand API. */
  z.object({
    id: ID, kind: z.literal('ctwing'), secret: SECRET,
    appKey: z.string().min(4).optional(), appSecret: z.string().min(4).optional(), masterKey: z.string().min(8).optional(),
    productId: z.number().int().positive().optional(), apiUrl: z.string().url().optional(),
  }).strict().refine((s) => [s.appKey, s.appSecret, s.masterKey, s.productId].every((x) => x === undefined) || [s.appKey, s.appSecret, s.masterKey, s.productId].every((x) => x !== undefined),
    { message: 'appKey, appSecret, masterKey and productId go together: CTWing\'s command API needs all four' }),
  /** OneNET: `secret` is the push's token; with `apiKey` (the product's MasterKey) and `commandResource`
   * (the LwM2M object/instance/resource commands execute on), commands go out as OneNET cache commands. */
  z.object({
    id: ID, kind: z.literal('onenet'), secret: SECRET,
    apiKey: z.string().min(8).optional(), apiUrl: z.string().url().optional(),
    commandResource: z.string().regex(/^\d{1,5}\/\d{1,5}\/\d{1,5}$/, 'object/instance/resource, as "3201/0/5550"').optional(),
  }).strict().refine((s) => !s.apiKey === !s.commandResource, { message: 'apiKey and commandResource go together: the key to call OneNET, the resource the command executes on' }),
]);
export type SourceConfig = z.infer<typeof SourceConfig>;

export function readSourcesFile(file: string): SourceConfig[] {
  let json: unknown;
  try { json = JSON.parse(readFileSync(file, 'utf8')); } catch (e) { throw new Error(`SOURCES=${file}: ${(e as Error).message}`); }
  const parsed = z.array(SourceConfig).safeParse(json);
  if (!parsed.success) {
    const i = parsed.error.issues[0]!;
    throw new Error(`SOURCES=${file}: ${i.path.length ? formatPath(i.path) : '(file)'}: ${i.message}`);
  }
  const ids = new Set<string>();
  for (const s of parsed.data) { if (ids.has(s.id)) throw new Error(`SOURCES=${file}: source "${s.id}" is listed twice`); ids.add(s.id); }
  return parsed.data;
}
