// A real MQTT client that records what it receives, and waits for a message matching a test.
import mqtt, { type IClientOptions, type MqttClient } from 'mqtt';

export interface Received { topic: string; payload: Buffer; retain: boolean }

export class MqttProbe {
  readonly messages: Received[] = [];
  private waiters: { match: (m: Received) => boolean; resolve: (m: Received) => void }[] = [];

  private constructor(readonly client: MqttClient) {
    client.on('message', (topic, payload, packet) => {
      const m = { topic, payload, retain: packet.retain };
      this.messages.push(m);
      this.waiters = this.waiters.filter((w) => (w.match(m) ? (w.resolve(m), false) : true));
    });
  }

  /** A refused subscription (SUBACK 0x80: the broker's ACL) throws, so a test never waits on one. */
  static async connect(url: string, subscriptions: string[] = [], options: IClientOptions = {}): Promise<MqttProbe> {
    const client = await mqtt.connectAsync(url, { reconnectPeriod: 0, ...options });
    const probe = new MqttProbe(client);
    if (subscriptions.length) {
      const granted = await client.subscribeAsync(subscriptions, { qos: 1 });
      const refused = granted.filter((g) => g.qos === 128).map((g) => g.topic);
      if (refused.length) { await client.endAsync(); throw new Error(`the broker refused the subscription to ${refused.join(', ')}`); }
    }
    return probe;
  }

  publish(topic: string, payload: string | Buffer, opts: { qos?: 0 | 1; retain?: boolean } = {}): Promise<unknown> {
    return this.client.publishAsync(topic, payload, { qos: opts.qos ?? 1, retain: opts.retain ?? false });
  }

  /** The first message (already received or still to come) that matches. */
  waitFor(match: (m: Received) => boolean, timeoutMs = 5000, what = 'message'): Promise<Received> {
    const seen = this.messages.find(match);
    if (seen) return Promise.resolve(seen);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no ${what} within ${timeoutMs} ms`)), timeoutMs);
      this.waiters.push({ match, resolve: (m) => { clearTimeout(timer); resolve(m); } });
    });
  }

  close(): Promise<void> { return this.client.endAsync(); }
}

export function until(check: () => boolean | Promise<boolean>, timeoutMs = 30_000, what = 'condition'): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  return new Promise((resolve, reject) => {
    const tick = async () => {
      try { if (await check()) return resolve(); } catch (e) { return reject(e); } // a check that throws fails at once
      if (Date.now() > deadline) return reject(new Error(`timed out after ${timeoutMs} ms waiting for ${what}`));
      setTimeout(() => void tick(), 20);
    };
    void tick();
  });
}
