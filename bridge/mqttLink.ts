// The twin's own connection to a broker (embedded or external). Thin: subscribe, publish, report health.
import mqtt, { type IClientOptions, type MqttClient } from 'mqtt';

export interface MqttLink {
  readonly client: MqttClient;
  connected(): boolean;
  publish(topic: string, payload: string | Buffer, opts: { qos: 0 | 1; retain?: boolean }): Promise<void>;
  close(): Promise<void>;
}

export async function connectMqtt(url: string, clientId: string, subscriptions: string[],
  onMessage: (topic: string, payload: Buffer) => void | Promise<unknown>, extra: IClientOptions = {}): Promise<MqttLink> {
  // A persistent session (clean: false) with QoS 1 subscriptions: the broker keeps what devices send
  // while the twin restarts and delivers it when the same client id comes back.
  const client = mqtt.connect(url, {
    clientId, clean: false, reconnectPeriod: 1000, connectTimeout: 10_000, ...extra,
  });
  // Flow control: each message is handled before mqtt.js acknowledges it (QoS 1) and before it reads the
  // next one, so what is acknowledged is what the twin has taken, and a busy twin stops reading the socket.
  // The PUBACKs of one socket read go out as one write (corked until the loop turns), not a segment each.
  let corked: { uncork(): void } | null = null;
  client.handleMessage = (packet, done) => {
    const stream = client.stream as unknown as { cork?(): void; uncork(): void };
    if (!corked && stream?.cork) {
      stream.cork();
      corked = stream;
      setImmediate(() => { corked?.uncork(); corked = null; });
    }
    const failed = (e: unknown) => console.error(`street-twin: a message on ${packet.topic.slice(0, 120)} failed: ${(e as Error).stack}`);
    let pending: void | Promise<unknown> = undefined;
    try { pending = onMessage(packet.topic, packet.payload as Buffer); } catch (e) { failed(e); }
    // A handler that works off the loop (a source's codec, in a worker) is waited for: acknowledged once taken.
    if (pending instanceof Promise) pending.catch(failed).finally(() => done());
    else done();
  };
  // Subscriptions are renewed on every (re)connect so a broker restart does not silence the twin.
  client.on('connect', () => {
    // Alarm JSON and CAP go out back to back; without TCP_NODELAY the second waits ~40 ms for the
    // first's delayed ACK (Nagle's algorithm).
    (client.stream as { setNoDelay?: (on: boolean) => void }).setNoDelay?.(true);
    client.subscribe(subscriptions.map((topic) => ({ topic, qos: 1 as const })).reduce(
      (acc, s) => ({ ...acc, [s.topic]: { qos: s.qos } }), {} as Record<string, { qos: 1 }>));
  });
  client.on('error', () => { /* surfaced through connected(): reconnects are automatic */ });
  // The first connection fails at once with the broker's reason (refused login, nothing listening);
  // later drops are retried in the background and shown by /api/health.
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`cannot reach the MQTT broker at ${url} (no answer in ${(extra.connectTimeout ?? 10_000) / 1000} s)`)), extra.connectTimeout ?? 10_000);
    const fail = (err: Error & { code?: string | number }) => {
      clearTimeout(timer);
      const refused = typeof err.code === 'number' || /refused|authori[sz]ed|password/i.test(err.message);
      reject(new Error(refused && !String(err.code).startsWith('E')
        ? `the MQTT broker at ${url} refused the twin: ${err.message.replace(/^Connection refused: /, '')} (check MQTT_USERNAME / MQTT_PASSWORD)`
        : `cannot reach the MQTT broker at ${url}: ${err.message}`));
    };
    client.once('error', fail);
    client.once('connect', () => { clearTimeout(timer); client.off('error', fail); resolve(); });
  }).catch((err) => { client.end(true); throw err; });
  return {
    client,
    connected: () => client.connected,
    publish: (topic, payload, opts) => new Promise((resolve, reject) => {
      client.publish(topic, payload, { qos: opts.qos, retain: opts.retain ?? false }, (err) => (err ? reject(err) : resolve()));
    }),
    close: () => new Promise((resolve) => client.end(false, {}, () => resolve())),
  };
}
