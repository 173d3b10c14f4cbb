import type { IncomingMessage } from 'node:http';
import type { BlockList } from 'node:net';
import { describe, expect, it } from 'vitest';
import { clientAddress, parseTrustedProxies, resolveClientAddress } from './clientAddress';

const request = (peer: string, forwarded?: string) => ({ socket: { remoteAddress: peer }, headers: forwarded ? { 'x-forwarded-for': forwarded } : {} }) as unknown as IncomingMessage;

describe('the client address behind a reverse proxy', () => {
  const trusted = parseTrustedProxies('172.16.0.0/12, 127.0.0.1') as BlockList;

  it('believes X-Forwarded-For only from a trusted proxy, and only its own (last) entry', () => {
    expect(resolveClientAddress(request('::ffff:172.18.0.5', '6.6.6.6, 203.0.113.7'), trusted)).toBe('203.0.113.7');
    expect(resolveClientAddress(request('127.0.0.1', '198.51.100.2'), trusted)).toBe('198.51.100.2');
    // Anyone else's header is theirs to invent: the socket's peer counts.
    expect(resolveClientAddress(request('198.51.100.9', '203.0.113.7'), trusted)).toBe('198.51.100.9');
    expect(resolveClientAddress(request('172.18.0.5', '198.51.100.9'), null)).toBe('172.18.0.5');
    // A proxy that wrote nothing usable: its own address.
    expect(resolveClientAddress(request('172.18.0.5', 'garbage'), trusted)).toBe('172.18.0.5');
  });

  it('is resolved once per request and read back by the routes', () => {
    const req = request('172.18.0.5', '203.0.113.7');
    expect(clientAddress(req)).toBe('172.18.0.5');
    resolveClientAddress(req, trusted);
    expect(clientAddress(req)).toBe('203.0.113.7');
  });

  it('names an entry it cannot read', () => {
    expect(parseTrustedProxies('10.0.0.0/8,proxy')).toBe('"proxy" is not an IP address or subnet (10.0.0.0/8)');
    expect(parseTrustedProxies('::1/129')).toBe('"::1/129" is not an IP address or subnet (10.0.0.0/8)');
  });
});
