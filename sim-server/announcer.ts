// What the twin tells the world once an event is recorded: the alarm's retained JSON and its CAP message on
// the broker, the notifications of its tier (in-app, the MQTT gateways, a webhook), the counters in /metrics,
// and the rooms (listeners). Live and drills alike; a drill's messages go to its own topic tree and are
// marked as an exercise.
import { CapComposer } from '../bridge/capFromAlarm';
import type { MqttLink } from '../bridge/mqttLink';
import type { TopicRoot, topicsFor } from '../bridge/topics';
import type { DistrictIndex } from '../twin-assets/districtIndex';
import type { AlarmJson } from '../twin-assets/protocol';
import type { HazardReport } from '../twin-assets/reports';
import { planNotifications, planReportNotifications } from './core/notifications';
import type { TwinEvent } from './core/twinCore';
import type { Metrics } from './metrics';
import { InAppSink, mqttGatewaySink, Notifier, webhookSink, type NotificationSink } from './notify/sinks';

export type TwinListener = (events: TwinEvent[]) => void;

export class Announcer {
  private readonly cap: CapComposer;
  private readonly listeners = new Set<TwinListener>();
  private link: MqttLink | null = null;
  /** Sources that carry some devices' commands themselves (routeCommands). */
  private readonly commandRoutes: ((deviceId: string, body: { cmd: string; reqId: string; by: string }) => boolean)[] = [];
  readonly inApp = new InAppSink();
  private notifier: Notifier;

  constructor(private readonly index: DistrictIndex, private readonly root: TopicRoot, readonly topics: ReturnType<typeof topicsFor>,
    private readonly metrics: Metrics, private readonly log: (line: string) => void) {
    this.cap = new CapComposer(index, root.kind === 'drill');
    this.notifier = new Notifier([this.inApp], metrics, log);
  }

  /** Connects the broker, and with it the gateway sink; a webhook is added when one is configured. A broker
   * that restarted (or lost its state) has lost the retained alarms: every reconnect puts `open()` back. */
  attach(link: MqttLink, open: () => AlarmJson[], options: { webhookUrl?: string | null; extraSinks?: NotificationSink[] } = {}): void {
    this.link = link;
    link.client.on('connect', () => this.republish(open()));
    const sinks: NotificationSink[] = [this.inApp, mqttGatewaySink(link, (c) => this.topics.notify(c), this.root.kind === 'live')];
    if (options.webhookUrl) sinks.push(webhookSink(options.webhookUrl));
    this.notifier = new Notifier([...sinks, ...(options.extraSinks ?? [])], this.metrics, this.log);
  }

  subscribe(listener: TwinListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** After a restart of the twin or the broker, the broker may have lost the retained alarms (the embedded one always has). */
  republish(open: AlarmJson[]): void {
    if (!this.link) return;
    for (const alarm of open) void this.link.publish(this.topics.alarm(alarm.id), JSON.stringify(alarm), { qos: 1, retain: true }).catch(() => {});
  }

  /** Events that are recorded (or, with the disk refusing, life safety first: not yet). `fromJournal`: brought
   * back at start, told to the rooms only (their alarms went out before the restart). */
  tell(events: TwinEvent[], now: number, fromJournal = false): void {
    for (const event of events) {
      if (event.kind === 'alarm' && !fromJournal) this.alarm(event, now);
      else if (event.kind === 'alarm_flood') this.metrics.alarmFlood.set(event.active ? 1 : 0);
      else if (event.kind === 'dispatch_overdue') this.metrics.dispatchOverdue.inc();
    }
    for (const listener of this.listeners) listener(events);
  }

  /** An accepted resident's report goes to every tier at once. */
  reportAccepted(report: HazardReport, now: number): void { this.notifier.send(planReportNotifications(this.index, report, now)); }

  /** A command for a device: to the first source that carries its commands (a network server's downlink), else
   * on the device's own cmd topic. */
  command(deviceId: string, body: { cmd: string; reqId: string; by: string }): void {
    if (this.commandRoutes.some((route) => route(deviceId, body))) return;
    void this.link?.publish(this.topics.cmd(deviceId), JSON.stringify(body), { qos: 1 }).catch(() => {});
  }

  /** A device source's way back to its devices: true when it has taken the command. */
  routeCommands(route: (deviceId: string, body: { cmd: string; reqId: string; by: string }) => boolean): void { this.commandRoutes.push(route); }

  private alarm(event: Extract<TwinEvent, { kind: 'alarm' }>, now: number): void {
    const { alarm } = event;
    if (event.type === 'raised') this.metrics.alarmsRaised.inc({ level: alarm.level });
    if (event.notify && event.notify.round > 1 && event.type === 'updated') this.metrics.escalations.inc();
    if (event.notify) this.notifier.send(planNotifications(this.index, alarm, event.notify.tiers, event.notify.round, now));
    const msgType = event.type === 'raised' ? 'Alert' : event.type === 'closed' ? 'Cancel' : 'Update';
    const { xml } = this.cap.compose(alarm, msgType, now);
    this.metrics.capPublished.inc({ msg_type: msgType });
    if (!this.link) return;
    // Closed alarms clear their retained message with an empty payload, as the contract says.
    const body = event.type === 'closed' ? '' : JSON.stringify(alarm);
    void this.link.publish(this.topics.alarm(alarm.id), body, { qos: 1, retain: true }).catch(() => { /* the link reconnects; health shows it */ });
    void this.link.publish(this.topics.cap(), xml, { qos: 1 }).catch(() => {});
  }
}
