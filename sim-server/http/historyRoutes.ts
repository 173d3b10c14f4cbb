// The history's routes (CONTRACT.md "History"): a period's alarms with their transitions, paged by cursor or as
// the monthly CSV; a device's readings at a step that fits the period. Answered from the database by any
// process of the district (a standby too): the history does not live in the live twin's memory.
import type { DistrictIndex } from '../../twin-assets/districtIndex';
import { deviceCourtyard } from '../../twin-assets/districtIndex';
import { RESPONSE_LEVELS, type ResponseLevel } from '../../twin-assets/protocol';
import type { People } from '../people/people';
import type { Principal } from '../people/principal';
import type { History } from '../history/history';
import { alarmsCsv, cst } from '../history/alarmsCsv';
import { alarmsPage, alarmsForExport, BadCursor, readingSeries, STEPS, stepFor, type AlarmFilter, type Step } from '../history/queries';
import { sendError, sendJson } from './respond';
import { route, type Route } from './router';

const DAY = 86_400_000;

/** A time in a query: ISO 8601 or epoch ms; `fallback` when absent; NaN when unreadable. */
export function timeParam(url: URL, name: string, fallback: number): number {
  const v = url.searchParams.get(name);
  if (v === null || v === '') return fallback;
  const t = /^\d+$/.test(v) ? Number(v) : Date.parse(v);
  return Number.isFinite(t) ? t : NaN;
}

export function historyRoutes(deps: { history: History; people: People; index: DistrictIndex; now: () => number }): Route[] {
  const { history, people, index } = deps;
  /** Scoped staff see their courtyards' alarms only. */
  const courtyardsOf = (who: Principal) => (people.access.scoped(who, 'alarms.read') ? [...index.courtyards.keys()].filter((id) => people.access.at(who, 'alarms.read', { courtyardId: id })) : undefined);
  const filterOf = (url: URL, who: Principal): AlarmFilter | string => {
    const to = timeParam(url, 'to', deps.now());
    const from = timeParam(url, 'from', to - 30 * DAY);
    if (Number.isNaN(from) || Number.isNaN(to)) return '"from" and "to" are times: ISO 8601 (2026-12-01T08:00:00+08:00) or epoch milliseconds';
    if (from >= to) return '"from" must come before "to"';
    const level = url.searchParams.get('level');
    if (level && !(RESPONSE_LEVELS as readonly string[]).includes(level)) return `unknown level "${level}"; one of ${RESPONSE_LEVELS.join(', ')}`;
    const get = (n: string) => url.searchParams.get(n)?.slice(0, 200) || undefined;
    return { from, to, kind: get('kind'), deviceId: get('deviceId'), courtyardId: get('courtyardId'), level: (level || undefined) as ResponseLevel | undefined, courtyards: courtyardsOf(who) };
  };
  return [
    route('getApiHistoryAlarms', { handler: async ({ req, res, url, who }) => {
        const filter = filterOf(url, who);
        if (typeof filter === 'string') return sendError(res, 400, filter);
        const csv = url.searchParams.get('format') === 'csv' || /\btext\/csv\b/.test(String(req.headers.accept ?? ''));
        try {
          if (csv) {
            const lang = url.searchParams.get('lang') === 'en' ? 'en' : 'zh';
            const { alarms, truncated } = await alarmsForExport(history.sql, filter);
            const day = (t: number) => cst(t).slice(0, 10);
            res.writeHead(200, {
              'content-type': 'text/csv; charset=utf-8', 'cache-control': 'no-store',
              'content-disposition': `attachment; filename="alarms-${day(filter.from)}-${day(filter.to - 1)}.csv"`,
              ...(truncated ? { 'x-truncated': 'the first 100000 alarms of the period; ask for a shorter one' } : {}),
            });
            res.end(alarmsCsv(index, alarms, lang));
            return;
          }
          const limitRaw = Number(url.searchParams.get('limit') ?? 100);
          const limit = Number.isInteger(limitRaw) && limitRaw >= 1 ? Math.min(limitRaw, 500) : 100;
          sendJson(res, 200, await alarmsPage(history.sql, filter, url.searchParams.get('cursor'), limit));
        } catch (e) {
          if (e instanceof BadCursor) return sendError(res, 400, e.message);
          throw e;
        }
      } }),
    route('getApiDevicesByDeviceIdReadings', { handler: async ({ res, url, params, who }) => {
        const device = index.devices.get(params.deviceId!);
        if (!device) return sendError(res, 404, `no device "${params.deviceId}" in district "${index.district.id}"`);
        if (!people.access.at(who, 'devices.read', { courtyardId: deviceCourtyard(index, device) })) return sendError(res, 403, 'this device is outside your community or courtyards');
        const to = timeParam(url, 'to', deps.now());
        const from = timeParam(url, 'from', to - DAY);
        if (Number.isNaN(from) || Number.isNaN(to) || from >= to) return sendError(res, 400, '"from" and "to" are times (ISO 8601 or epoch ms), "from" first');
        const stepRaw = url.searchParams.get('step');
        if (stepRaw && !(stepRaw in STEPS)) return sendError(res, 400, `unknown step "${stepRaw}"; one of ${Object.keys(STEPS).join(', ')}`);
        const step = (stepRaw as Step | null) ?? stepFor(from, to);
        if ((to - from) / STEPS[step] > 20_000) return sendError(res, 400, `that is more than 20000 points: use a longer step than ${step} for this period`);
        sendJson(res, 200, { deviceId: device.id, from, to, step, points: await readingSeries(history.sql, device.id, from, to, step) });
      } }),
  ];
}
