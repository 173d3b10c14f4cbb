// What every HTTP request meets first, before Colyseus' matchmaker or our API.
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { BlockList } from 'node:net';
import { resolveClientAddress } from './clientAddress';
import type { Clock } from '../clock';
import type { Metrics } from '../metrics';
import { tokenMatches } from '../tokens';
import { RateLimiter } from './rateLimit';
import { sendError } from './respond';

/** What every request meets before Colyseus' matchmaker or our API: a rate limit on POSTs without a staff
 * token, per address, and a bound on the matchmaker's body (Colyseus reads it whole, unbounded). Wraps the
 * listeners Colyseus installed, so it runs first. */
export function guardRequests(server: Server, o: { clock: Clock; metrics: Metrics; staffTokens: string[]; trustedProxies: BlockList | null }): void {
  const joins = new RateLimiter(o.clock, 200, 50);      // joining rooms: a drill of 50 from one address at once
  const posts = new RateLimiter(o.clock, 20, 2);        // validations, reports of hazards: people, not scripts
  const inner = server.listeners('request') as ((req: IncomingMessage, res: ServerResponse) => void)[];
  server.removeAllListeners('request');
  server.on('request', (req: IncomingMessage, res: ServerResponse) => {
    const matchmake = (req.url ?? '').startsWith('/matchmake/');
    const address = resolveClientAddress(req, o.trustedProxies);
    if (req.method === 'POST') {
      const token = /^Bearer\s+(.+)$/i.exec(req.headers.authorization ?? '')?.[1]?.trim() ?? null;
      if (!o.staffTokens.some((t) => tokenMatches(token, t)) && !(matchmake ? joins : posts).take(address)) {
        o.metrics.httpRefused.inc({ reason: 'rate_limited' });
        req.resume();
        return sendError(res, 429, 'too many requests from this address: wait a few seconds and try again');
      }
      const length = Number(req.headers['content-length']);
      if (matchmake && !(length <= MATCHMAKE_BODY_BYTES)) {
        o.metrics.httpRefused.inc({ reason: 'too_large' });
        req.resume();
        return sendError(res, 413, `a join request needs a Content-Length of at most ${MATCHMAKE_BODY_BYTES} bytes`);
      }
    }
    for (const listener of inner) listener.call(server, req, res);
  });
}
const MATCHMAKE_BODY_BYTES = 8 * 1024;

