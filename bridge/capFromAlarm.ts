// An alarm transition → a CAP 1.2 alert, in Chinese and English. Keeps each alarm's chain of
// earlier messages so that an Update or Cancel references all of them, as CAP requires.
import type { DistrictIndex } from '../twin-assets/districtIndex';
import { placeName } from '../twin-assets/districtIndex';
import { toWgs84 } from '../twin-assets/geo';
import { ALARM_INSTRUCTIONS, ALARM_STATE_LABELS, DEVICE_TYPE_LABELS, kindLabel, LEVEL_LABELS, quantityLabel, type Lang } from '../twin-assets/labels';
import { readingText } from '../twin-assets/readingText';
import type { AlarmJson, ResponseLevel } from '../twin-assets/protocol';
import { QUANTITIES, type DeviceType } from '../twin-assets/deviceCatalog';
import { capTime, encodeCap, type CapAlert, type CapCategory, type CapInfo, type CapMsgType, type CapRef, type CapSeverity, type CapUrgency } from './cap';

const SEVERITY: Record<ResponseLevel, CapSeverity> = { I: 'Extreme', II: 'Severe', III: 'Moderate', IV: 'Minor' };
const URGENCY: Record<ResponseLevel, CapUrgency> = { I: 'Immediate', II: 'Immediate', III: 'Expected', IV: 'Expected' };

const CATEGORY: Record<string, CapCategory> = {
  gas_leak: 'Safety', fire: 'Fire', smoke: 'Fire', sprinkler_flow: 'Fire', hydrant_low_pressure: 'Infra',
  flood: 'Met', manhole_displaced: 'Infra', electrical_leak: 'Fire', electrical_overheat: 'Fire',
  charging_overheat: 'Fire', hot_spot: 'Fire', ebike_in_elevator: 'Safety', elevator_entrapment: 'Rescue',
  elevator_fault: 'Infra', crane_overload: 'Safety', crane_high_wind: 'Safety', crane_overspeed: 'Safety',
  fall: 'Health', sos: 'Rescue', heart_rate_abnormal: 'Health',
};

const LANGS: { lang: Lang; tag: string }[] = [{ lang: 'zh', tag: 'zh-CN' }, { lang: 'en', tag: 'en-US' }];

export class CapComposer {
  private readonly chains = new Map<string, CapRef[]>();
  readonly sender: string;

  constructor(private readonly index: DistrictIndex, private readonly exercise: boolean) {
    this.sender = `street-twin@${index.district.id}`;
  }

  /** The CAP XML for one alarm transition at time `now`. */
  compose(alarm: AlarmJson, msgType: Extract<CapMsgType, 'Alert' | 'Update' | 'Cancel'>, now: number): { xml: string; alert: CapAlert } {
    const chain = this.chains.get(alarm.id) ?? [];
    const sent = capTime(now, this.index.district.utcOffsetMinutes);
    const identifier = `${alarm.id}.${chain.length + 1}`;
    const alert: CapAlert = {
      identifier, sender: this.sender, sent,
      status: this.exercise ? 'Exercise' : 'Actual',
      msgType, scope: 'Public',
      note: this.exercise ? 'Drill message: do not act on it.' : undefined,
      references: msgType === 'Alert' ? undefined : [...chain],
      infos: LANGS.map(({ lang, tag }) => this.info(alarm, msgType, lang, tag)),
    };
    if (msgType === 'Cancel') this.chains.delete(alarm.id);
    else this.chains.set(alarm.id, [...chain, { sender: this.sender, identifier, sent }]);
    return { xml: encodeCap(alert), alert };
  }

  private info(alarm: AlarmJson, msgType: CapMsgType, lang: Lang, tag: string): CapInfo {
    const device = this.index.devices.get(alarm.deviceId);
    const place = device ? placeName(this.index, device, lang) : alarm.deviceId;
    const kind = kindLabel(alarm.kind)[lang];
    const typeLabel = DEVICE_TYPE_LABELS[alarm.deviceType as DeviceType]?.[lang] ?? alarm.deviceType;
    const { lat, lon } = toWgs84(this.index.district.origin, alarm.location.x, alarm.location.y);
    // As a person writes it, for other agencies' screens: 可燃气体浓度 40 %LEL, never gas_lel=40 (the ids are parameters).
    const specs = QUANTITIES[alarm.deviceType as DeviceType] ?? {};
    const readings = Object.entries(alarm.reading).map(([k, v]) => `${lang === 'zh' ? quantityLabel(k, lang) : quantityLabel(k, lang).toLowerCase()} ${readingText(v, specs[k], lang)}`).join(lang === 'zh' ? '，' : ', ');
    const state = ALARM_STATE_LABELS[alarm.state]?.[lang] ?? alarm.state;
    const closed = msgType === 'Cancel';
    return {
      language: tag,
      category: CATEGORY[alarm.kind] ?? 'Other',
      event: kind,
      responseType: closed ? 'AllClear' : undefined,
      urgency: closed ? 'Past' : URGENCY[alarm.level],
      severity: SEVERITY[alarm.level],
      certainty: 'Observed',
      senderName: this.index.district.name[lang],
      headline: `${LEVEL_LABELS[alarm.level][lang]} ${kind} — ${place}`,
      description: lang === 'zh'
        ? `${place}，${typeLabel}读数：${readings}；${state}。`
        : `The ${typeLabel.toLowerCase()} at ${place} reads ${readings}; ${state.toLowerCase()}.`,
      instruction: closed ? undefined : ALARM_INSTRUCTIONS[alarm.kind]?.[lang],
      parameters: [
        { valueName: 'responseLevel', value: alarm.level },
        { valueName: 'alarmId', value: alarm.id },
        { valueName: 'alarmState', value: alarm.state },
        { valueName: 'deviceId', value: alarm.deviceId },
        // Who acknowledged it: the person the twin authenticated (never a name a client typed).
        ...(alarm.ackedBy ? [{ valueName: 'acknowledgedBy', value: alarm.ackedBy }] : []),
      ],
      area: { areaDesc: place, lat, lon, radiusKm: 0.05 },
    };
  }
}
