// The domain's own words in both interface languages, shared by CAP messages and the client.
import type { DeviceType } from './deviceCatalog';
import type { LinkageTier, ResponseLevel, Role } from './protocol';

export type Lang = 'zh' | 'en';
export type Text = Record<Lang, string>;

export const DEVICE_TYPE_LABELS: Record<DeviceType, Text> = {
  smoke: { zh: '烟感报警器', en: 'Smoke detector' },
  gas: { zh: '可燃气体探测器', en: 'Combustible gas detector' },
  water_flow: { zh: '水流传感器', en: 'Water-flow sensor' },
  hydrant: { zh: '消火栓', en: 'Hydrant' },
  water_level: { zh: '水位监测仪', en: 'Water-level gauge' },
  manhole: { zh: '井盖倾斜传感器', en: 'Manhole cover tilt sensor' },
  electrical: { zh: '用电监测', en: 'Electrical fire monitor' },
  charging_pile: { zh: '充电桩监测', en: 'Charging-pile monitor' },
  thermal_camera: { zh: '红外热成像', en: 'Infrared thermal camera' },
  elevator: { zh: '电梯监测（含电动自行车禁入）', en: 'Elevator monitor (with e-bike guard)' },
  crane: { zh: '塔机安全监测', en: 'Tower crane safety monitor' },
  bracelet: { zh: '智能手环', en: 'Smart bracelet' },
};

export const ALARM_KIND_LABELS: Record<string, Text> = {
  gas_leak: { zh: '燃气泄漏', en: 'Gas leak' },
  fire: { zh: '火灾报警', en: 'Fire alarm' },
  smoke: { zh: '烟雾报警', en: 'Smoke' },
  sprinkler_flow: { zh: '消防管网水流', en: 'Water flowing in fire pipes' },
  hydrant_low_pressure: { zh: '消火栓压力不足', en: 'Hydrant pressure low' },
  flood: { zh: '积水内涝', en: 'Flooding' },
  manhole_displaced: { zh: '井盖移位', en: 'Manhole cover displaced' },
  electrical_leak: { zh: '漏电', en: 'Electrical leakage' },
  electrical_overheat: { zh: '线路过热', en: 'Wiring overheating' },
  charging_overheat: { zh: '充电桩过热', en: 'Charging point overheating' },
  hot_spot: { zh: '热成像高温点', en: 'Thermal hot spot' },
  ebike_in_elevator: { zh: '电动自行车进电梯', en: 'E-bike in elevator' },
  elevator_entrapment: { zh: '电梯困人', en: 'Passenger trapped in elevator' },
  elevator_fault: { zh: '电梯故障', en: 'Elevator fault' },
  crane_overload: { zh: '塔机超载起吊', en: 'Tower crane overload' },
  crane_high_wind: { zh: '塔机大风', en: 'Tower crane high wind' },
  crane_overspeed: { zh: '塔机超速运转', en: 'Tower crane overspeed' },
  fall: { zh: '跌倒', en: 'Fall detected' },
  sos: { zh: '紧急呼救', en: 'SOS call' },
  heart_rate_abnormal: { zh: '心率异常', en: 'Abnormal heart rate' },
  // The device faults the alarm engine raises itself (core/alarmEngine.ts).
  device_offline: { zh: '设备离线', en: 'Device offline' },
  low_battery: { zh: '电量低', en: 'Low battery' },
  command_failed: { zh: '设备未执行指令', en: 'Command not carried out' },
};

/** What the person on the spot should do first (the device's own voice prompt, and CAP <instruction>). */
export const ALARM_INSTRUCTIONS: Record<string, Text> = {
  gas_leak: { zh: '燃气泄漏，请立即开窗通风，关闭燃气阀门，切勿开关电器或动用明火。', en: 'Gas leak: open the windows, shut the gas valve, do not touch switches or use flames.' },
  fire: { zh: '发生火情，请立即疏散，拨打119。', en: 'Fire: evacuate now and call 119.' },
  smoke: { zh: '检测到烟雾，请查看并疏散。', en: 'Smoke detected: check and evacuate.' },
  flood: { zh: '积水上涨，请勿进入低洼地带，转移至高处。', en: 'Water is rising: keep out of low ground and move upstairs.' },
  elevator_entrapment: { zh: '电梯困人，请保持冷静，救援人员正在赶来。', en: 'Passenger trapped: stay calm, rescuers are on their way.' },
  ebike_in_elevator: { zh: '电动自行车禁止进入电梯，请推出轿厢。', en: 'E-bikes are not allowed in elevators: take it out of the car.' },
  crane_overload: { zh: '塔机超载，立即停止起吊作业。', en: 'Crane overload: stop lifting now.' },
  crane_high_wind: { zh: '风速超限，塔机停止作业。', en: 'Wind over the limit: stop crane work.' },
  fall: { zh: '检测到跌倒，请立即上门查看。', en: 'Fall detected: check on the person now.' },
  sos: { zh: '收到紧急呼救，请立即上门查看。', en: 'SOS received: check on the person now.' },
};

export const LEVEL_LABELS: Record<ResponseLevel, Text> = {
  IV: { zh: 'Ⅳ级（一般）', en: 'Level IV (minor)' },
  III: { zh: 'Ⅲ级（较大）', en: 'Level III (moderate)' },
  II: { zh: 'Ⅱ级（重大）', en: 'Level II (severe)' },
  I: { zh: 'Ⅰ级（特别重大）', en: 'Level I (extreme)' },
};

export const TIER_LABELS: Record<LinkageTier, Text> = {
  household: { zh: '住户及家属', en: 'Household and relatives' },
  building: { zh: '楼栋长/门卫室/物业', en: 'Building head, guard room, property staff' },
  grid: { zh: '网格员', en: 'Grid worker' },
  community: { zh: '社区/微型消防站', en: 'Community and micro fire station' },
  street: { zh: '街道智慧治理中心', en: 'Street governance centre' },
};

/** Rooms and places devices stand in, as district files write them (in English), in both languages. */
export const ROOM_LABELS: Record<string, Text> = {
  kitchen: { zh: '厨房', en: 'kitchen' }, 'living room': { zh: '客厅', en: 'living room' }, bedroom: { zh: '卧室', en: 'bedroom' },
  shop: { zh: '商铺', en: 'shop' }, 'corner shop': { zh: '街角小店', en: 'corner shop' }, 'courtyard gate': { zh: '院落大门', en: 'courtyard gate' },
  'gas main valve pit': { zh: '燃气干管阀门井', en: 'gas main valve pit' }, 'pump room': { zh: '水泵房', en: 'pump room' },
  scaffold: { zh: '脚手架', en: 'scaffold' }, 'stair landing': { zh: '楼梯平台', en: 'stair landing' }, 'gas riser shaft': { zh: '燃气立管井', en: 'gas riser shaft' },
  stairwell: { zh: '楼道', en: 'stairwell' }, 'machine room': { zh: '机房', en: 'machine room' }, garage: { zh: '车库', en: 'garage' },
};

/** A room in the interface language: a known one translated, any other as the file wrote it. */
export function roomLabel(room: string, lang: Lang): string {
  return ROOM_LABELS[room]?.[lang] ?? room;
}

export const COMMAND_LABELS: Record<string, Text> = {
  close_valve: { zh: '关闭燃气阀', en: 'Close the gas valve' }, open_valve: { zh: '打开燃气阀', en: 'Open the gas valve' },
  return_to_ground: { zh: '迫降首层', en: 'Send to the ground floor' }, test: { zh: '自检', en: 'Self-test' }, reset: { zh: '复位', en: 'Reset' }, ping: { zh: '连通测试', en: 'Ping' },
};
export const COMMAND_STATE_LABELS: Record<string, Text> = {
  sent: { zh: '已下发，等待设备回应', en: 'sent, waiting for the device' }, done: { zh: '设备已执行', en: 'done by the device' },
  refused: { zh: '设备拒绝执行', en: 'refused by the device' }, timed_out: { zh: '设备无回应（超时）', en: 'no answer (timed out)' },
};

/** A trainer's controls of a drill, and other room messages a player's last action may be. */
export const CONTROL_LABELS: Record<string, Text> = {
  brief: { zh: '介绍情况', en: 'brief' }, start: { zh: '开始', en: 'start' }, pause: { zh: '暂停', en: 'pause' }, resume: { zh: '继续', en: 'resume' },
  speed: { zh: '倍速', en: 'speed' }, end: { zh: '结束演练', en: 'end' }, inject: { zh: '注入事件', en: 'inject' }, say: { zh: '发送消息', en: 'message' }, move: { zh: '移动', en: 'move' },
};

/** A reading's quantity as a person names it (units are shown apart). */
export const QUANTITY_LABELS: Record<string, Text> = {
  smoke_obscuration_pct_m: { zh: '烟雾浓度', en: 'Smoke obscuration' }, temperature_c: { zh: '温度', en: 'Temperature' }, alarm: { zh: '报警信号', en: 'Alarm signal' },
  gas_lel: { zh: '可燃气体浓度', en: 'Gas concentration' }, flow_lpm: { zh: '流量', en: 'Flow' }, pressure_mpa: { zh: '压力', en: 'Pressure' },
  level_m: { zh: '水位', en: 'Water level' }, tilt_deg: { zh: '倾斜角', en: 'Tilt' }, submerged: { zh: '被水淹没', en: 'Submerged' },
  leak_current_ma: { zh: '剩余电流', en: 'Leakage current' }, line_temp_c: { zh: '线缆温度', en: 'Cable temperature' }, current_a: { zh: '电流', en: 'Current' },
  temp_c: { zh: '温度', en: 'Temperature' }, max_temp_c: { zh: '最高温度', en: 'Hottest point' },
  floor: { zh: '所在楼层', en: 'Floor' }, door_open: { zh: '门开着', en: 'Door open' }, fault_code: { zh: '故障代码', en: 'Fault code' },
  ebike_detected: { zh: '检测到电动车', en: 'E-bike detected' }, passenger_trapped: { zh: '有人被困', en: 'Passenger trapped' },
  load_kg: { zh: '起重量', en: 'Load' }, moment_pct: { zh: '力矩百分比', en: 'Moment' }, slew_speed_dps: { zh: '回转速度', en: 'Slew speed' }, wind_mps: { zh: '风速', en: 'Wind' },
  heart_rate_bpm: { zh: '心率', en: 'Heart rate' }, fall_detected: { zh: '检测到跌倒', en: 'Fall detected' }, sos: { zh: '一键求救', en: 'SOS' },
  x_m: { zh: '位置东', en: 'Position east' }, y_m: { zh: '位置北', en: 'Position north' },
};
export const quantityLabel = (q: string, lang: Lang) => QUANTITY_LABELS[q]?.[lang] ?? q;

/** Units as a Chinese reader writes them, where they differ. */
export const UNIT_ZH: Record<string, string> = { floor: '层', code: '', bpm: '次/分', 'L/min': '升/分钟' };

const ROLE_IN_BY = /^(.*) \((trainer|commander|grid_worker|firefighter|medic|observer|HTTP)\)$/;
/** Who did something, as recorded ("张指挥 (commander)", a person's name, "service operator" for a machine
 * credential; "operator (HTTP)" in records from before accounts), in the reader's language. */
export function byLabel(by: string, lang: Lang): string {
  const service = /^service (operator|trainer)$/.exec(by);
  if (service) return lang === 'zh' ? `系统凭据（${service[1] === 'operator' ? '值班' : '演练'}）` : `Service credential (${service[1]})`;
  const m = ROLE_IN_BY.exec(by);
  const name = (n: string) => (n === 'operator' ? (lang === 'zh' ? '值班员' : 'Operator') : n === 'observer' ? ROLE_LABELS.observer[lang] : n);
  if (!m) return name(by);
  const role = m[2] === 'HTTP' ? (lang === 'zh' ? '接口' : 'API') : ROLE_LABELS[m[2] as Role][lang];
  return lang === 'zh' ? `${name(m[1]!)}（${role}）` : `${name(m[1]!)} (${role})`;
}

/** How a drill ended. */
export const DRILL_OUTCOME_LABELS: Record<string, Text> = {
  resolved: { zh: '已处置', en: 'resolved' }, failed: { zh: '失败', en: 'failed' }, ended_by_trainer: { zh: '教官结束', en: 'ended by the trainer' },
  abandoned: { zh: '无人参演，已撤销', en: 'withdrawn, nobody took part' }, in_progress: { zh: '进行中', en: 'in progress' },
};

/** A drill's phases. */
export const PHASE_LABELS: Record<string, Text> = {
  dormant: { zh: '险情未发生', en: 'Nothing has happened yet' }, incident: { zh: '险情发生', en: 'The incident begins' },
  detected: { zh: '险情被发现', en: 'Detected' }, responding: { zh: '正在处置', en: 'Responding' },
  resolved: { zh: '已处置', en: 'Resolved' }, failed: { zh: '处置失败', en: 'Failed' },
};

/** ISA-18.2 alarm states. */
export const ALARM_STATE_LABELS: Record<string, Text> = {
  active_unacked: { zh: '报警未确认', en: 'Active, unacknowledged' },
  active_acked: { zh: '报警已确认', en: 'Active, acknowledged' },
  rtn_unacked: { zh: '已恢复未确认', en: 'Back to normal, unacknowledged' },
  closed: { zh: '已关闭', en: 'Closed' },
  shelved: { zh: '已搁置', en: 'Shelved' },
  suppressed: { zh: '已抑制', en: 'Suppressed' },
  out_of_service: { zh: '停用', en: 'Out of service' },
};

export function kindLabel(kind: string): Text {
  return ALARM_KIND_LABELS[kind] ?? { zh: kind, en: kind };
}

/** Drill roles and the responders' actions (scenarios/schema.ts ACTIONS), for the client and for refusals. */
export const ROLE_LABELS: Record<Role, Text> = {
  trainer: { zh: '教官', en: 'Trainer' }, commander: { zh: '指挥员', en: 'Commander' }, grid_worker: { zh: '网格员', en: 'Grid worker' },
  firefighter: { zh: '消防员', en: 'Firefighter' }, medic: { zh: '医护', en: 'Medic' }, observer: { zh: '观察员', en: 'Observer' },
};

