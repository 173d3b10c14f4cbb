// What every HTTP request meets first, before Colyseus' matchmaker or our API.
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { BlockList } from 'node:net';
import { resolveClientAddress } from './clientAddress';
import type { Clock } from '../clock';
import type { Metrics } from '../metrics';
import { CLIENT_MATCHMAKE_METHODS } from '../rooms/serverRooms';
import { RateLimiter } from './rateLimit';
import { setSecurityHeaders } from './securityHeaders';
import { sendError } from './respond';

/** Colyseus hands its matchmaker any URL that *contains* this, wherever (a path prefix, a query string). */
const MATCHMAKER_MARK = '/matchmake';
/** The only matchmaker requests a client may make: join a room that exists, by name or id, or come back to it. */
const MATCHMAKE = new RegExp(`^/matchmake/(${CLIENT_MATCHMAKE_METHODS.join('|')})/[A-Za-z0-9_-]{1,64}$`);

/** What every request meets before Colyseus' matchmaker or our API: a rate limit on POSTs from anyone who is
 * not staff (a session or a token), per address; and every request Colyseus would take for its matchmaker is either a client's join
 * (POST /matchmake/join|joinById|reconnect/<name or id>, with a Content-Length of at most 8 KiB, since
 * Colyseus reads the body whole) or refused here: create and joinOrCreate (rooms belong to the server), and
 * anything else that merely contains "/matchmake". Wraps the listeners Colyseus installed, so it runs first. */
export function guardRequests(server: Server, o: { clock: Clock; metrics: Metrics; trustedProxies: BlockList | null; staff(req: IncomingMessage): boolean }): void {
  const joins = new RateLimiter(o.clock, 200, 50);      // joining rooms: a drill of 50 from one address at once
  const posts = new RateLimiter(o.clock, 20, 2);        // validations, reports of hazards: people, not scripts
  const inner = server.listeners('request') as ((req: IncomingMessage, res: ServerResponse) => void)[];
  server.removeAllListeners('request');
  server.on('request', (req: IncomingMessage, res: ServerResponse) => {
    setSecurityHeaders(req, res);
    const url = req.url ?? '';
    const matchmaker = url.includes(MATCHMAKER_MARK);
    const refuse = (status: number, reason: string, message: string) => {
      o.metrics.httpRefused.inc({ reason });
      req.resume();
      sendError(res, status, message);
    };
    if (matchmaker && !MATCHMAKE.test(url)) {
      if (/^\/matchmake\/(create|joinOrCreate)\//.test(url)) return refuse(403, 'server_rooms', 'rooms are created by the server: join one that exists (a drill is created by a trainer with POST /api/drills)');
      return refuse(404, 'not_found', `not found: ${url.slice(0, 80)}`);
    }
    if (matchmaker && req.method !== 'POST' && req.method !== 'OPTIONS') return refuse(405, 'not_found', 'a join is a POST');
    const address = resolveClientAddress(req, o.trustedProxies);
    if (req.method === 'POST') {
      if (!o.staff(req) && !(matchmaker ? joins : posts).take(address)) {
        return refuse(429, 'rate_limited', 'too many requests from this address: wait a few seconds and try again');
      }
      const length = Number(req.headers['content-length']);
      if (matchmaker && !(length <= MATCHMAKE_BODY_BYTES)) return refuse(413, 'too_large', `a join request needs a Content-Length of at most ${MATCHMAKE_BODY_BYTES} bytes`);
    }
    for (const listener of inner) listener.call(server, req, res);
  });
}
const MATCHMAKE_BODY_BYTES = 8 * 1024;
