import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readSourcesFile } from './sourcesFile';

const file = (text: string) => { const f = join(mkdtempSync(join(tmpdir(), 'sources-')), 'sources.json'); writeFileSync(f, text); return f; };

describe('SOURCES', () => {
  it('reads ChirpStack sources, with or without a broker of their own', () => {
    expect(readSourcesFile(file('[{"id": "lora", "kind": "chirpstack"}, {"id": "cs-2", "kind": "chirpstack", "mqttUrl": "mqtt://cs:1883", "applicationId": "7f3a"}]')))
      .toEqual([{ id: 'lora', kind: 'chirpstack' }, { id: 'cs-2', kind: 'chirpstack', mqttUrl: 'mqtt://cs:1883', applicationId: '7f3a' }]);
  });

  it('reads platforms\' pushes: OneNET with its API for commands, CTWing, a webhook', () => {
    const read = readSourcesFile(file('[{"id": "cmcc", "kind": "onenet", "secret": "a-token-1", "apiKey": "master-key-1", "commandResource": "3201/0/5550"}, {"id": "ct", "kind": "ctwing", "secret": "a-token-2", "appKey": "Ab3dE5fG7h", "appSecret": "Xy9Kq2Lm4N", "masterKey": "master-key-2", "productId": 15045240}, {"id": "v", "kind": "webhook", "secret": "a-secret-3"}]'));
    expect(read.map((s) => s.kind)).toEqual(['onenet', 'ctwing', 'webhook']);
    expect(read[0]).toMatchObject({ apiKey: 'master-key-1', commandResource: '3201/0/5550' });
    expect(read[1]).toMatchObject({ masterKey: 'master-key-2', productId: 15045240 });
  });

  it('refuses a bad file naming the file, the entry and the reason', () => {
    const f = file('[{"id": "lora", "kind": "chirpstack"}, {"id": "Bad Id", "kind": "chirpstack"}]');
    expect(() => readSourcesFile(f)).toThrow(`SOURCES=${f}: [1].id: an id of lower-case letters, digits, "_" or "-"`);
    expect(() => readSourcesFile(file('[{"id": "x", "kind": "lorawan"}]'))).toThrow(/\[0\]\.kind/);
    expect(() => readSourcesFile(file('[{"id": "x", "kind": "chirpstack", "mqttUrl": "http://x"}]'))).toThrow(/\[0\]\.mqttUrl: an mqtt:\/\/ or mqtts:\/\/ address/);
    expect(() => readSourcesFile(file('[{"id": "x", "kind": "onenet", "secret": "short"}]'))).toThrow(/\[0\]\.secret: a secret of at least 8 characters/);
    expect(() => readSourcesFile(file('[{"id": "x", "kind": "chirpstack"}, {"id": "x", "kind": "chirpstack"}]'))).toThrow('source "x" is listed twice');
    expect(() => readSourcesFile(file('[{"id": "x", "kind": "onenet", "secret": "a-token-1", "apiKey": "master-key-1"}]'))).toThrow(/apiKey and commandResource go together/);
    expect(() => readSourcesFile(file('[{"id": "x", "kind": "ctwing", "secret": "a-token-1", "appKey": "Ab3dE5fG7h", "appSecret": "Xy9Kq2Lm4N", "masterKey": "master-key-1"}]'))).toThrow(/appKey, appSecret, masterKey and productId go together/);
    expect(() => readSourcesFile(file('[{"id": "x", "kind": "onenet", "secret": "a-token-1", "apiKey": "master-key-1", "commandResource": "3201-0-5550"}]'))).toThrow(/commandResource: object\/instance\/resource/);
    expect(() => readSourcesFile(file('not json'))).toThrow(/SOURCES=.*: Unexpected token/);
  });
});
