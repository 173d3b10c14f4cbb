// A command to an NB-IoT device through CTWing (AEP): the platform's CreateCommand API (统一合并指令下发), version
// 20190712225145, as its API document "AEP指令下发" gives it (the page CTWing ships with its application SDKs for
// aep_device_command): POST <api>/aep_device_command/command with the product's MasterKey in a
// header and `{content, deviceId, operator, productId, ttl, level}`; for a transparent (透传) TCP or LwM2M product
// the content is `{payload: "<hex>", dataType: 2}`. The answer is `{code, msg, result: {commandId, commandStatus}}`,
// code 0 on success. CTWing keeps the command `ttl` seconds for a device that has not reported yet, then pushes
// its fate as a commandResponse whose taskId is that commandId (ctwingPush.ts): that push is the command's answer.
// The call is signed as CTWing's API gateway asks (its SDKs' AepSdkCore): headers application (the App Key),
// timestamp (ms), version, and signature = Base64(HMAC-SHA1(App Secret,
// "application:<key>\ntimestamp:<ts>\n" + "<name>:<value>\n" for MasterKey and the query's parameters in name
// order + body + "\n")).
import { createHmac } from 'node:crypto';
import { PLATFORM_COMMAND_TIMEOUT_MS } from '../core/commands';
import { PLATFORM_ANSWER_MS, type PlatformSent } from './pushSource';

export interface CtwingApi {
  appKey: string;
  appSecret: string;
  masterKey: string;
  productId: number;
  /** https://ag-api.ctwing.cn unless the source says otherwise. */
  apiUrl: string;
}

export const CTWING_API_URL = 'https://ag-api.ctwing.cn';
const CREATE_COMMAND_VERSION = '20190712225145';

/** The gateway's signature over the request: `params` are MasterKey and the query's, `body` the exact text sent. */
export function ctwingSignature(appSecret: string, appKey: string, timestamp: string, params: Record<string, string>, body: string): string {
  let text = `application:${appKey}\ntimestamp:${timestamp}\n`;
  for (const k of Object.keys(params).sort()) text += `${k}:${params[k]}\n`;
  if (body.trim()) text += `${body}\n`;
  return createHmac('sha1', appSecret).update(text).digest('base64');
}

/** `deviceId`: CTWing's own id of the device (not its IMEI); `operator`: who sent it, for CTWing's command log. */
export async function sendCtwingCommand(api: CtwingApi, deviceId: string, hex: string, operator: string, now: number): Promise<PlatformSent> {
  // A device registered by its IMEI is addressed by the deviceId its pushes give; before its first push it has none.
  if (/^\d{15}$/.test(deviceId)) return { ok: false, error: `CTWing knows the device by its deviceId, not its IMEI ${deviceId}: it is learnt from the device's first push, or give the deviceId as its externalId` };
  const body = JSON.stringify({ content: { payload: hex, dataType: 2 }, deviceId, operator, productId: api.productId, ttl: PLATFORM_COMMAND_TIMEOUT_MS / 1000, level: 1 });
  const timestamp = String(now);
  const headers = {
    'content-type': 'application/json; charset=UTF-8', application: api.appKey, timestamp, version: CREATE_COMMAND_VERSION, MasterKey: api.masterKey,
    signature: ctwingSignature(api.appSecret, api.appKey, timestamp, { MasterKey: api.masterKey }, body),
  };
  try {
    const r = await fetch(new URL('/aep_device_command/command', api.apiUrl), { method: 'POST', headers, body, signal: AbortSignal.timeout(PLATFORM_ANSWER_MS) });
    const answer = await r.json().catch(() => null) as { code?: unknown; msg?: unknown; result?: { commandId?: unknown } } | null;
    const id = answer?.result?.commandId;
    if (answer?.code === 0 && (typeof id === 'string' || typeof id === 'number')) return { ok: true, id: String(id) };
    return { ok: false, error: `CTWing answered ${r.status}${answer ? `: code ${String(answer.code)} ${String(answer.msg ?? '')}` : ''}`.slice(0, 200) };
  } catch (e) {
    return { ok: false, error: `CTWing could not be reached: ${(e as Error).message}`.slice(0, 200) };
  }
}
