// Where notifications go. Each sink says whether it reaches real people; such a sink refuses every
// Exercise (drill) message, so a drill can never ring a resident's relative or call 119.
import type { MqttLink } from '../../bridge/mqttLink';
import type { NotifyChannel } from '../../bridge/topics';
import type { Notification } from '../core/notifications';
import type { Metrics } from '../metrics';

export interface NotificationSink {
  name: string;
  reachesPeople: boolean;
  deliver(n: Notification): Promise<void>;
}

/** The in-app record: every notification, kept for the alarm's page and the after-action review. */
export class InAppSink implements NotificationSink {
  readonly name = 'in_app';
  readonly reachesPeople = false;
  private readonly byAlarm = new Map<string, Notification[]>();
  private readonly order: string[] = [];
  constructor(private readonly keepAlarms = 5000) {}

  async deliver(n: Notification): Promise<void> {
    let list = this.byAlarm.get(n.alarmId);
    if (!list) {
      this.byAlarm.set(n.alarmId, list = []);
      this.order.push(n.alarmId);
      if (this.order.length > this.keepAlarms) this.byAlarm.delete(this.order.shift()!);
    }
    list.push(n);
  }

  of(alarmId: string): Notification[] { return [...(this.byAlarm.get(alarmId) ?? [])]; }
}

/** SMS, voice and WeChat gateways (and screens, radios) subscribe to `<root>/notify/<channel>`. */
export function mqttGatewaySink(link: MqttLink, topic: (channel: NotifyChannel) => string, reachesPeople: boolean): NotificationSink {
  return {
    name: 'mqtt_gateway', reachesPeople,
    deliver: (n) => link.publish(topic(n.channel), JSON.stringify(n), { qos: 1 }),
  };
}

/** An HTTP webhook (a telephony or messaging platform): one POST per notification. */
export function webhookSink(url: string, timeoutMs = 5000): NotificationSink {
  return {
    name: 'webhook', reachesPeople: true,
    deliver: async (n) => {
      const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(n), signal: AbortSignal.timeout(timeoutMs) });
      if (!res.ok) throw new Error(`webhook answered ${res.status}`);
    },
  };
}

export class Notifier {
  constructor(private readonly sinks: NotificationSink[], private readonly metrics: Metrics, private readonly log: (line: string) => void) {}

  send(notifications: Notification[]): void {
    for (const n of notifications) {
      for (const sink of this.sinks) {
        if (n.exercise && sink.reachesPeople) {
          this.metrics.notifications.inc({ sink: sink.name, channel: n.channel, outcome: 'refused_exercise' });
          continue;
        }
        sink.deliver(n).then(
          () => this.metrics.notifications.inc({ sink: sink.name, channel: n.channel, outcome: 'sent' }),
          (e: Error) => {
            this.metrics.notifications.inc({ sink: sink.name, channel: n.channel, outcome: 'failed' });
            this.log(`notification ${n.id} via ${sink.name} failed: ${e.message}`);
          });
      }
    }
  }
}
