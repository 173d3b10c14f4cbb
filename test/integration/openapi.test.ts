// The OpenAPI document is generated from the route table the server answers with: every route it
// lists is answered, it validates as OpenAPI 3.1, and each body schema is the one the server decodes with.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Validator } from '@seriousme/openapi-schema-validator';
import { ROUTES } from '../../twin-assets/routes';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningTwin } from '../../sim-server/app';
import { startTestTwin } from '../helpers/twin';

type Doc = { openapi: string; paths: Record<string, Record<string, { security?: Record<string, string[]>[]; 'x-permission'?: string; requestBody?: { content: Record<string, { schema: any }> }; responses: Record<string, unknown> }>> };

/** A request on a connection of its own, closed after it: fetch's pool may hand out a kept-alive socket the
 * server is closing just then (ECONNRESET on a busy machine), which says nothing about the route. */
function fresh(url: string, method: string, body?: string): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(url, { method, agent: false, headers: { connection: 'close', ...(body ? { 'content-type': 'application/json' } : {}) } }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => { text += c; });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

describe('GET /api/openapi.json', () => {
  let twin: RunningTwin;
  let doc: Doc;
  beforeAll(async () => {
    twin = await startTestTwin();
    const res = await fetch(`${twin.httpUrl}api/openapi.json`);
    expect(res.status).toBe(200);
    doc = await res.json() as Doc;
  });
  afterAll(async () => { await twin?.stop(); });

  it('is a valid OpenAPI 3.1 document', async () => {
    const result = await new Validator().validate(doc as unknown as Parameters<Validator["validate"]>[0]);
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
    expect(doc.openapi).toBe('3.1.0');
  });

  // Redocly CLI's recommended rules, as API tooling reads the document: no errors (warnings are advice).
  it('passes Redocly CLI\'s lint with no errors, each operation named once', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'openapi-')), 'openapi.json');
    writeFileSync(file, JSON.stringify(doc));
    const lint = spawnSync(join(process.cwd(), 'node_modules/.bin/redocly'), ['lint', file, '--format=json'], {
      encoding: 'utf8', env: { ...process.env, REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true' }, timeout: 120_000,
    });
    const problems = (JSON.parse(lint.stdout.slice(lint.stdout.indexOf('{'))) as { problems: { severity: string; ruleId: string; message: string; location: { pointer: string }[] }[] }).problems;
    expect(problems.filter((p) => p.severity === 'error').map((p) => `${p.ruleId} at ${p.location[0]?.pointer}: ${p.message}`)).toEqual([]);
    expect(lint.status).toBe(0);
    const ids = Object.values(doc.paths).flatMap((methods) => Object.values(methods).map((op) => (op as { operationId?: string }).operationId));
    expect(ids.every(Boolean)).toBe(true);
    expect(new Set(ids).size).toBe(ids.length);
  }, 180_000);

  it('lists the contract\'s routes with their tokens and bodies', () => {
    const ops = Object.entries(doc.paths).flatMap(([path, methods]) => Object.keys(methods).map((m) => `${m.toUpperCase()} ${path}`));
    for (const op of ['GET /api/health', 'GET /api/district', 'GET /api/devices/{deviceId}', 'GET /api/alarms', 'POST /api/alarms/{alarmId}/ack', 'GET /api/scenarios',
      'POST /api/scenarios/validate', 'POST /api/drills', 'GET /api/drills/{drillId}/report', 'GET /api/openapi.json', 'GET /metrics']) expect(ops).toContain(op);
    const ack = doc.paths['/api/alarms/{alarmId}/ack']!.post!;
    expect(ack.security).toEqual([{ session: [] }, { token: [] }]);
    expect(ack['x-permission']).toBe('alarms.ack');
    expect(Object.keys(ack.responses)).toEqual(expect.arrayContaining(['200', '401', '404', '409', '503']));
    const drill = doc.paths['/api/drills']!.post!;
    expect(drill['x-permission']).toBe('drills.run');
    for (const op of ['POST /api/session', 'GET /api/session', 'DELETE /api/session', 'POST /api/users', 'PATCH /api/users/{login}', 'POST /api/tokens', 'DELETE /api/tokens/{tokenId}', 'GET /api/audit']) expect(ops).toContain(op);
    const schema = drill.requestBody!.content['application/json']!.schema;
    expect(schema.required).toEqual(['scenarioId']);
    expect(schema.properties.seed).toMatchObject({ type: 'integer', minimum: 0, maximum: 2 ** 31 - 1 });
  });

  it('every route it lists is answered (no 404 "no such endpoint"), and a wrong method gets 405', async () => {
    for (const [path, methods] of Object.entries(doc.paths)) {
      for (const method of Object.keys(methods)) {
        const url = `${twin.httpUrl}${path.slice(1).replace(/\{\w+\}/g, 'x')}`;
        const res = await fresh(url, method.toUpperCase(), method === 'get' ? undefined : '{}');
        const text = res.text;
        expect(text, `${method} ${path}`).not.toMatch(/no such endpoint/);
        expect(res.status, `${method} ${path}`).not.toBe(405);
      }
    }
    const wrong = await fresh(`${twin.httpUrl}api/alarms`, 'DELETE');
    expect(wrong.status).toBe(405);
    expect((JSON.parse(wrong.text) as { error: string }).error).toBe('DELETE is not answered at /api/alarms');
  });

  // The browser's client (client/net/api.ts) reads its types from these: an answer without one would be `unknown`.
  it('declares for every answer with a body, 2xx or not, its JSON schema or its media type', () => {
    const bare = Object.entries(doc.paths).flatMap(([path, methods]) => Object.entries(methods).flatMap(([method, op]) =>
      Object.entries(op.responses).filter(([code, r]) => code !== '204' && !(r as { content?: object }).content).map(([code]) => `${method.toUpperCase()} ${path} ${code}`)));
    expect(bare).toEqual([]);
    const ops = Object.values(ROUTES);
    expect(ops.length).toBe(Object.values(doc.paths).flatMap((m) => Object.keys(m)).length);
    expect(doc.paths['/api/devices/{deviceId}']!.get!.responses['200']).toMatchObject({ content: { 'application/json': { schema: { required: expect.arrayContaining(['device', 'state', 'series', 'thresholds']) } } } });
    expect(doc.paths['/metrics']!.get!.responses['200']).toMatchObject({ content: { 'text/plain': {} } });
  });
});
