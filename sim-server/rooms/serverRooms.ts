// Rooms belong to the server: clients may only join (Colyseus' matchmaker exposes just join, joinById and
// reconnect: see app.ts), and a room refuses to be created without this process's key in its options, so
// no path a client can reach makes a live room or a second room for a drill.
import { randomBytes } from 'node:crypto';
import { ServerError } from '@colyseus/core';

const KEY = randomBytes(24).toString('base64url');

/** Options for matchMaker.createRoom, marked as the server's. */
export const serverRoomOptions = <T extends object>(options: T): T & { serverKey: string } => ({ ...options, serverKey: KEY });

/** How long a reserved seat waits for its page to connect: a slow phone on a poor network, or a browser busy
 * drawing the 3D twin, takes longer than Colyseus's 15 s (seen: "seat reservation expired" on a loaded machine). */
export const SEAT_RESERVATION_S = 60;

export function serverCreated(options: unknown): void {
  if ((options as { serverKey?: unknown } | null)?.serverKey !== KEY) throw new ServerError(403, 'rooms are created by the server: join one (a drill is created by a trainer with POST /api/drills)');
}

/** The matchmaker methods a client may call. */
export const CLIENT_MATCHMAKE_METHODS = ['join', 'joinById', 'reconnect'];
