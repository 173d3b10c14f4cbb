// A command to an NB-IoT device through OneNET: the NB-IoT suite's cache command (缓存命令, Execute), as its API
// page gives it (https://onenet.hk.chinamobile.com/suben/doc/nb-iot/book/application-develop/list/11cache-comm-issue.html):
// POST <api>/nbiot/execute/offline?imei=&obj_id=&obj_inst_id=&res_id=&expired_time=  with the product's
// MasterKey as `api-key` and `{"args": "<command string, ≤ 2 KB>"}`; the answer `{errno, error, data: {uuid}}`,
// errno 0 on success. OneNET holds the command until the device next reports, then pushes its result as a type 7
// message whose cmd_id is that uuid (onenetPush.ts): that push is the command's answer.
import { PLATFORM_COMMAND_TIMEOUT_MS } from '../core/commands';
import { PLATFORM_ANSWER_MS, type PlatformSent } from './pushSource';

export interface OnenetApi {
  apiKey: string;
  /** https://api.heclouds.com unless the source says otherwise. */
  apiUrl: string;
  /** The LwM2M resource the command executes on: object, instance, resource ("3201/0/5550"). */
  resource: string;
}

export const ONENET_API_URL = 'https://api.heclouds.com';

/** OneNET's time format, in China Standard Time: "2026-12-07T18:30:00". */
const chinaTime = (ms: number) => new Date(ms + 8 * 3600_000).toISOString().slice(0, 19);

export async function sendOnenetCommand(api: OnenetApi, imei: string, args: string, now: number): Promise<PlatformSent> {
  const [obj, inst, res] = api.resource.split('/');
  const url = new URL('/nbiot/execute/offline', api.apiUrl);
  for (const [k, v] of Object.entries({ imei, obj_id: obj!, obj_inst_id: inst!, res_id: res!, expired_time: chinaTime(now + PLATFORM_COMMAND_TIMEOUT_MS) })) url.searchParams.set(k, v);
  try {
    const r = await fetch(url, { method: 'POST', headers: { 'api-key': api.apiKey, 'content-type': 'application/json' }, body: JSON.stringify({ args }), signal: AbortSignal.timeout(PLATFORM_ANSWER_MS) });
    const body = await r.json().catch(() => null) as { errno?: unknown; error?: unknown; data?: { uuid?: unknown } } | null;
    if (body?.errno === 0 && typeof body.data?.uuid === 'string') return { ok: true, id: body.data.uuid };
    return { ok: false, error: `OneNET answered ${r.status}${body ? `: errno ${String(body.errno)} ${String(body.error ?? '')}` : ''}`.slice(0, 200) };
  } catch (e) {
    return { ok: false, error: `OneNET could not be reached: ${(e as Error).message}`.slice(0, 200) };
  }
}
