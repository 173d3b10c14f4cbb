// Every word the product says, in both interface languages, in one module the server (CAP, reports, the
// drill kernel's answers, CSV) and the client (i18n.ts) both read. A hazard model's and an action's own names
// are in their one file (scenarios/hazards/, scenarios/actions.ts).
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

/** Drill roles and the responders' actions (scenarios/schema.ts ACTIONS), for the client and for refusals. */
export const ROLE_LABELS: Record<Role, Text> = {
  trainer: { zh: '教官', en: 'Trainer' }, commander: { zh: '指挥员', en: 'Commander' }, grid_worker: { zh: '网格员', en: 'Grid worker' },
  firefighter: { zh: '消防员', en: 'Firefighter' }, medic: { zh: '医护', en: 'Medic' }, observer: { zh: '观察员', en: 'Observer' },
};

export const TIER_LABELS: Record<LinkageTier, Text> = {
  household: { zh: '住户及家属', en: 'Household and relatives' },
  building: { zh: '楼栋长/门卫室/物业', en: 'Building head, guard room, property staff' },
  grid: ROLE_LABELS.grid_worker,
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


/** A reading's quantity as a person names it (units are shown apart). */
const TEMPERATURE: Text = { zh: '温度', en: 'Temperature' };
export const QUANTITY_LABELS: Record<string, Text> = {
  smoke_obscuration_pct_m: { zh: '烟雾浓度', en: 'Smoke obscuration' }, temperature_c: TEMPERATURE, alarm: { zh: '报警信号', en: 'Alarm signal' },
  gas_lel: { zh: '可燃气体浓度', en: 'Gas concentration' }, flow_lpm: { zh: '流量', en: 'Flow' }, pressure_mpa: { zh: '压力', en: 'Pressure' },
  level_m: { zh: '水位', en: 'Water level' }, tilt_deg: { zh: '倾斜角', en: 'Tilt' }, submerged: { zh: '被水淹没', en: 'Submerged' },
  leak_current_ma: { zh: '剩余电流', en: 'Leakage current' }, line_temp_c: { zh: '线缆温度', en: 'Cable temperature' }, current_a: { zh: '电流', en: 'Current' },
  temp_c: TEMPERATURE, max_temp_c: { zh: '最高温度', en: 'Hottest point' },
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
/** Who acted when it was not a person: the server itself, or a headless run's scripted responders. */
const MACHINE_NAMES: Record<string, Text> = {
  scripted: { zh: '模拟处置人员', en: 'Scripted responder' },
  'server (restarted)': { zh: '系统（服务器重启后）', en: 'The server (after a restart)' },
  'server (nobody left in the drill)': { zh: '系统（演练中已无人）', en: 'The server (nobody left in the drill)' },
};

export function byLabel(by: string, lang: Lang): string {
  const service = /^service (operator|trainer)$/.exec(by);
  if (service) return lang === 'zh' ? `系统凭据（${service[1] === 'operator' ? '值班' : '演练'}）` : `Service credential (${service[1]})`;
  const m = ROLE_IN_BY.exec(by);
  const name = (n: string) => (n === 'operator' ? (lang === 'zh' ? '值班员' : 'Operator') : n === 'observer' ? ROLE_LABELS.observer[lang] : MACHINE_NAMES[n]?.[lang] ?? n);
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


/** The interface's own words (client/i18n.ts gives them to i18next), keyed for `t()`. */
export const STRINGS = {
  title: { zh: '街道应急数字孪生', en: 'Street emergency twin' },
  live: { zh: '实时', en: 'Live' },
  connected: { zh: '已连接', en: 'Connected' },
  disconnected: { zh: '连接中断', en: 'Disconnected' },
  connecting: { zh: '连接中…', en: 'Connecting…' },
  alarms: { zh: '报警', en: 'Alarms' },
  noAlarms: { zh: '当前无报警', en: 'No alarms' },
  acknowledge: { zh: '确认', en: 'Acknowledge' },
  operator: { zh: '值班员', en: 'Operator' },
  observer: { zh: '观察员（只读）', en: 'Observer (read only)' },
  signIn: { zh: '值班员登录', en: 'Operator sign-in' },
  tokenPlaceholder: { zh: '值班员令牌', en: 'Operator token' },
  raisedAt: { zh: '报警时间', en: 'Raised' },
  ackedBy: { zh: '确认人', en: 'Acknowledged by' },
  notified: { zh: '已通知', en: 'Notified' },
  legendNormal: { zh: '正常', en: 'Normal' },
  legendUnacked: { zh: '报警未确认', en: 'Alarm, unacknowledged' },
  legendAcked: { zh: '报警已确认', en: 'Alarm, acknowledged' },
  legendRtn: ALARM_STATE_LABELS.rtn_unacked!,
  legendBuilding: { zh: '楼栋有报警', en: 'Building with an alarm' },
  devices: { zh: '设备', en: 'devices' },
  scenarioGone: { zh: '（该方案已不在方案库中）', en: '(a scenario no longer in the library)' },
  loading: { zh: '正在加载片区模型…', en: 'Loading the district…' },
  close: { zh: '关闭', en: 'Close' },
  eta: { zh: '预计', en: 'ETA' },
  minutes: { zh: '分钟', en: 'min' },
  flood: { zh: '报警泛滥', en: 'Alarm flood' },
  floodDetail: { zh: '条报警（10分钟内），已按院落和楼栋分组', en: 'alarms in 10 minutes, grouped by courtyard and building' },
  unackedShort: { zh: '未确认', en: 'unacknowledged' },
  elsewhere: { zh: '街面及其他', en: 'Streets and elsewhere' },
  readings: { zh: '最新读数', en: 'Latest readings' },
  trend: { zh: '趋势', en: 'Trend' },
  contacts: { zh: '联系人', en: 'Contacts' },
  residents: { zh: '住户', en: 'Residents' },
  alarmHistory: { zh: '报警记录', en: 'Alarm history' },
  noHistory: { zh: '无报警记录', en: 'No alarms' },
  noReadings: { zh: '尚无读数', en: 'No readings yet' },
  copySuffix: { zh: '（副本）', en: ' (copy)' }, cancel: { zh: '取消', en: 'Cancel' },
  noAlarmYet: { zh: '尚无报警：险情按脚本发展，首次报警可能要等几分钟。', en: 'No alarm yet: the incident develops as scripted; the first alarm may take minutes. ' },
  endDrillQuestion: { zh: '结束本次演练？所有人进入复盘讲评，不能再操作。', en: 'End the drill? Everyone goes to the debrief and can act no more. ' },
  workerToBeNamed: { zh: '人员待指定', en: 'worker to be named' }, awaitingWorker: { zh: '待指派人员', en: 'nobody sent yet' },
  online: { zh: '在线', en: 'Online' },
  offline: { zh: '离线', en: 'Offline' },
  battery: { zh: '电量', en: 'Battery' },
  lastReport: { zh: '最近上报', en: 'Last report' },
  overview: { zh: '总览图', en: 'Overview' },
  cutaway: { zh: '剖切楼层', en: 'Cut away above floor' },
  cutawayOff: { zh: '不剖切', en: 'No cutaway' },
  livingAlone: { zh: '独居', en: 'lives alone' },
  disabled: { zh: '残疾', en: 'disabled' },
  lowIncome: { zh: '低保', en: 'low income' },
  age: { zh: '岁', en: 'years' },
  drill: { zh: '演练', en: 'Drill' },
  drills: { zh: '演练', en: 'Drills' },
  lobby: { zh: '待开始', en: 'Not started' },
  running: { zh: '进行中', en: 'Running' },
  paused: { zh: '已暂停', en: 'Paused' },
  briefing: { zh: '情况介绍', en: 'Briefing' },
  debrief: { zh: '复盘讲评', en: 'Debrief' },
  brief: { zh: '介绍情况', en: 'Brief' },
  closeDebrief: { zh: '结束讲评', en: 'Close the debrief' },
  ended: { zh: '已结束', en: 'Ended' },
  interrupted: { zh: '已中断', en: 'Interrupted' },
  resuming: { zh: '正在恢复', en: 'Resuming' },
  planner: { zh: '布点规划', en: 'Sensor planning' },
  editor: { zh: '演练脚本编辑', en: 'Scenario editor' },
  startFrom: { zh: '从此开始', en: 'Start from' },
  blank: { zh: '空白脚本', en: 'Blank scenario' },
  template: { zh: '（内置模板，另存为副本）', en: '(built-in template: saved as a copy)' },
  scenarioId: { zh: '脚本编号', en: 'Scenario id' },
  scenarioTitle: { zh: '标题', en: 'Title' },
  save: { zh: '保存', en: 'Save' },
  saved: { zh: '已保存，版本', en: 'Saved, version' },
  tryIt: { zh: '试运行', en: 'Try it' },
  trying: { zh: '运行中…', en: 'Running…' },
  startDrill: { zh: '用此脚本开始演练', en: 'Start a drill from it' },
  saveFirst: { zh: '请先保存（新的编号是新的脚本）', en: 'Save it first (a new id is a new scenario)' },
  drillStarted: { zh: '演练已创建：', en: 'Drill created:' },
  placeHazard: { zh: '放置险情', en: 'Place a hazard' },
  placeHint: { zh: '选择险情类型，再点击三维场景中的楼栋（积水：点击低洼区域；塔吊：点击塔吊覆盖范围；坠落：点击工地上的楼栋）。', en: 'Pick the kind, then click a building in the twin (a flood: the low ground; a crane: under its jib; a fall: a building on a site).' },
  hazardSafe: { zh: '已处置', en: 'made safe' },
  notASite: { zh: '（高处坠落只能放在施工工地的楼栋上）', en: '(a fall goes on a building of a construction site)' },
  noBracelet: { zh: '（该工地没有工人手环）', en: '(no worker bracelet on this site)' },
  noSensor: { zh: '（无对应探测器）', en: '(no detector for it)' },
  pickHome: { zh: '选择住户', en: 'Pick the home' },
  hazards: { zh: '险情', en: 'Hazards' },
  params: { zh: '参数', en: 'Parameters' },
  startsAfter: { zh: '开始于', en: 'Starts after' },
  atHome: { zh: '在家的住户', en: 'At home' },
  offlineDevices: { zh: '离线设备', en: 'Devices offline' },
  msel: { zh: '主事件清单（拖动调整时间）', en: 'Master events list (drag to move)' },
  addInject: { zh: '添加注入事件', en: 'Add an inject' },
  atTime: { zh: '开始后', en: 'After the start' },
  afterAlarm: { zh: '报警后', en: 'After the alarm' },
  afterAck: { zh: '确认后', en: 'After the acknowledgement' },
  afterAction: { zh: '行动后/未行动', en: 'After an action / none' },
  atLevel: { zh: '报警达到等级', en: 'The alarm reaches grade' },
  actionDone: { zh: '某行动完成后', en: 'After an action is done' },
  actionNotDone: { zh: '若某行动未在时限内完成（分支）', en: 'If an action is not done in time (branch)' },
  deadline: { zh: '报警后时限', en: 'Deadline after the alarm' },
  seconds: { zh: '秒', en: 's' },
  to: { zh: '发给', en: 'To' },
  textZh: { zh: '内容（中文）', en: 'Text (Chinese)' },
  textEn: { zh: '内容（英文）', en: 'Text (English)' },
  add: { zh: '添加', en: 'Add' },
  addObjective: { zh: '添加考核目标', en: 'Add an objective' },
  within: { zh: '报警后时限', en: 'Within, of the alarm' },
  statechart: { zh: '状态图', en: 'Statechart' },
  check: { zh: '检查', en: 'Check' },
  valid: { zh: '脚本有效', en: 'The scenario is valid' },
  errorsFound: { zh: '个错误', en: 'error(s)' },
  unreachable: { zh: '无法达成', en: 'Cannot be reached' },
  shortestPath: { zh: '最短路径', en: 'Shortest way' },
  alarmStep: { zh: '报警', en: 'the alarm' },
  line: { zh: '行', en: 'line' },
  outcome: { zh: '结果', en: 'Outcome' },
  resolvedOutcome: PHASE_LABELS.resolved!,
  failedOutcome: { zh: '未处置', en: 'Failed' },
  step: { zh: '逐步查看', en: 'Step through' },
  yamlSource: { zh: '脚本源文件（YAML）', en: 'Scenario file (YAML)' },
  gasDetectors: { zh: '燃气探测器', en: 'Gas detectors' },
  smokeDetectors: { zh: '烟感报警器', en: 'Smoke detectors' },
  waterGauges: { zh: '水位计', en: 'Water-level gauges' },
  sensors: { zh: '设备数', en: 'Sensors' },
  incidentsFound: { zh: '可发现的险情', en: 'Incidents found' },
  expectedImpact: { zh: '年期望影响（人·分钟）', en: 'Expected impact a year (person-minutes)' },
  exportPatch: { zh: '导出片区补丁', en: 'Export district patch' },
  plannerHint: { zh: '地面越红，越多无人发现的险情（独居老人权重最高）。点击候选点增删设备，拖动绿色设备换位置。', en: 'The redder the ground, the more that nothing would detect (the elderly living alone weigh most). Click a place to add or remove a sensor; drag a green one to move it.' },
  installedNow: { zh: '现状', en: 'Installed now' },
  withPlan: { zh: '规划后', en: 'With the plan' },
  timeToDetect: { zh: '平均发现时间', en: 'Mean time to detection' },
  meanImpact: { zh: '平均影响（人·分钟）', en: 'Mean impact (person-minutes)' },
  budget: { zh: '总数', en: 'Budget' },
  optimise: { zh: '优化布点', en: 'Optimise' },
  solving: { zh: '求解中…', en: 'Solving…' },
  gap: { zh: '最优性差距', en: 'gap' },
  unwatched: { zh: '无法发现的险情（最脆弱的住户在前）', en: 'What nothing would find (most vulnerable first)' },
  candidates: { zh: '候选位置', en: 'Candidate places' },
  start: { zh: '开始', en: 'Start' },
  pause: { zh: '暂停', en: 'Pause' },
  resume: { zh: '继续', en: 'Resume' },
  end: { zh: '结束演练', en: 'End the drill' },
  speed: { zh: '倍速', en: 'Speed' },
  injects: { zh: '注入事件', en: 'Injects' },
  adHoc: { zh: '临时注入', en: 'Ad hoc' },
  failDevice: { zh: '设备故障', en: 'Fail a device' },
  blockLane: { zh: '封堵车道', en: 'Block a lane' },
  addCasualty: { zh: '增加伤员', en: 'Add a casualty' },
  casualtyText: { zh: '伤情描述', en: 'What is wrong' },
  message: { zh: '发送消息', en: 'Send a message' },
  everyone: { zh: '全体', en: 'Everyone' },
  players: { zh: '参演人员', en: 'Players' },
  actions: { zh: '行动', en: 'Actions' },
  goToIncident: { zh: '前往事发地', en: 'Go to the incident' },
  distance: { zh: '距事发地约', en: 'About this far from the incident:' },
  onTheWay: { zh: '行进中', en: 'on the way' },
  clickToMove: { zh: '点击地面可移动', en: 'Click the ground to move there' },
  myTasks: { zh: '我的任务', en: 'My tasks' },
  accept: { zh: '接单出发', en: 'Accept' },
  taskDone: { zh: '完成', en: 'Done' },
  notices: { zh: '消息', en: 'Messages' },
  objectives: { zh: '目标', en: 'Objectives' },
  score: { zh: '得分', en: 'Score' },
  timeline: { zh: '时间线', en: 'Timeline' },
  report: { zh: '复盘报告', en: 'After-action report' },
  replay: { zh: '三维回放', en: '3D replay' },
  hazardText: { zh: '隐患描述', en: 'Describe the hazard' },
  newDrill: { zh: '新建演练', en: 'New drill' },
  scenario: { zh: '脚本', en: 'Scenario' },
  trainerToken: { zh: '教官令牌', en: 'Trainer token' },
  join: { zh: '加入', en: 'Join' },
  yourName: { zh: '姓名', en: 'Your name' },
  role: { zh: '角色', en: 'Role' },
  phase: { zh: '阶段', en: 'Phase' },
  newAlarm: { zh: '新报警', en: 'New alarm' },
  view: { zh: '查看', en: 'View' },
  reportTitle: { zh: '隐患随手拍', en: 'Report a hazard' },
  reportKind: { zh: '是什么隐患？', en: 'What is it?' },
  reportPhoto: { zh: '现场照片', en: 'A photo of it' },
  reportTakePhoto: { zh: '拍照或选择照片', en: 'Take or choose a photo' },
  reportWhere: { zh: '在哪里？点地图上的楼栋', en: 'Where? Tap the building on the map' },
  reportPickBuilding: { zh: '或从列表选择楼栋', en: 'or pick the building from the list' },
  reportUseLocation: { zh: '使用我现在的位置', en: 'Use where I am now' },
  reportMyLocation: { zh: '我现在的位置', en: 'Where I am now' },
  reportNoLocation: { zh: '无法获取位置，请在地图上点选楼栋', en: 'Your location is not available: tap the building on the map' },
  reportDescribe: { zh: '补充说明（可不填）', en: 'Anything to add (optional)' },
  reportDescribeHint: { zh: '例如：3单元一楼楼道，每天晚上都有人充电', en: 'e.g. the ground-floor stairwell of entrance 3, charging every evening' },
  reportSend: { zh: '提交', en: 'Send' },
  reportSending: { zh: '正在提交…', en: 'Sending…' },
  reportNeedKind: { zh: '请选择隐患类型', en: 'Choose what it is' },
  reportNeedPhoto: { zh: '请拍一张照片', en: 'Add a photo' },
  reportNeedPlace: { zh: '请选择位置', en: 'Say where it is' },
  reportTooLarge: { zh: '照片不能超过 5 MB', en: 'The photo may be at most 5 MB' },
  reportNotImage: { zh: '这不是照片，请重新选择', en: 'That is not a photo: choose another' },
  reportTooMany: { zh: '提交太频繁，请过几分钟再试', en: 'Too many reports: try again in a few minutes' },
  reportOutside: { zh: '该位置不在本街道范围内', en: 'That place is outside this street' },
  reportFailed: { zh: '提交失败，请稍后再试', en: 'It could not be sent: try again in a moment' },
  reportOffline: { zh: '网络不可用，请稍后再试', en: 'No connection: try again in a moment' },
  reportThanks: { zh: '已收到，谢谢您！', en: 'Received, thank you!' },
  reportYourNumber: { zh: '您的隐患编号', en: 'Your report number' },
  reportKeepNumber: { zh: '请记下编号，可随时查询处理进度。', en: 'Keep this number to see how it is dealt with.' },
  reportAnother: { zh: '再报一处', en: 'Report another' },
  reportLookup: { zh: '查询处理进度', en: 'Check a report' },
  reportCheck: { zh: '查询', en: 'Check' },
  noReports: { zh: '暂无待处理的隐患上报', en: 'No reports to deal with' },
  assignee: { zh: '处置人', en: 'with' },
  reportOperatorsOnly: { zh: '照片和描述仅值班员可见，请先登录。', en: 'The photo and text are for operators: sign in.' },
  reportAccept: { zh: '受理', en: 'Accept' },
  reportAssign: { zh: '派网格员', en: 'Send the grid worker' },
  reportDuplicateOf: { zh: '与哪条重复', en: 'Duplicate of' },
  reportMerge: { zh: '合并', en: 'Merge' },
  reportReasonOrNote: { zh: '原因或整改说明', en: 'Reason, or what was done' },
  reportReject: { zh: '不予受理', en: 'Reject' },
  reportRectified: { zh: '上传整改照片', en: 'Upload the after photo' },
  lane: { zh: '路段', en: 'Lane' },
  drillOver: { zh: '演练结束', en: 'The drill is over' },
  yourActions: { zh: '你的行动', en: 'What you did' },
  yourObjectives: { zh: '你完成的考核目标', en: 'The objectives you met' },
  refusedAction: { zh: '未被接受', en: 'refused' },
  soundOff: { zh: '报警声音未开启：点击页面任意处开启', en: 'Alarm sound is off: click anywhere to turn it on' },
  thresholds: { zh: '近期读数与报警阈值（虚线）', en: 'recent readings and alarm thresholds (dashed)' },
  commands: { zh: '远程控制', en: 'Commands' },
  service: { zh: '停用与恢复', en: 'Out of service' },
  outOfServiceSince: { zh: '已停用：', en: 'Out of service:' },
  backInService: { zh: '恢复使用', en: 'Back in service' },
  serviceReason: { zh: '停用原因（如：更换电池）', en: 'Why (e.g. battery change)' },
  takeOutOfService: { zh: '停用', en: 'Take out of service' },
  kpiTitle: { zh: '报警系统健康度', en: 'Alarm system health' },
  kpis: { zh: '报警健康度', en: 'Alarm health' },
  last24h: { zh: '近24小时', en: 'Last 24 h' },
  last7d: { zh: '近7天', en: 'Last 7 days' },
  last30d: { zh: '近30天', en: 'Last 30 days' },
  lastYear: { zh: '近一年', en: 'Last year' },
  thisMonth: { zh: '本月', en: 'This month' },
  lastMonth: { zh: '上月', en: 'Last month' },
  history: { zh: '报警记录', en: 'Alarm records' },
  level: { zh: '响应等级', en: 'Level' },
  allLevels: { zh: '全部等级', en: 'All levels' },
  alarmKind: { zh: '报警类型', en: 'Kind' },
  allKinds: { zh: '全部类型', en: 'All kinds' },
  courtyard: { zh: '院落', en: 'Courtyard' },
  allCourtyards: { zh: '全部院落', en: 'All courtyards' },
  exportCsv: { zh: '导出本期（CSV 月报）', en: 'Export the period (CSV)' },
  alarmsCount: { zh: '条报警', en: 'alarms' },
  device: { zh: '设备', en: 'Device' },
  state: { zh: '状态', en: 'State' },
  ackTime: { zh: '确认用时', en: 'Time to acknowledge' },
  more: { zh: '加载更多', en: 'More' },
  loadingShort: { zh: '正在加载…', en: 'Loading…' },
  noAlarmsInPeriod: { zh: '本期无报警记录', en: 'No alarms in this period' },
  range24h: { zh: '24小时', en: '24 h' },
  range30d: { zh: '30天', en: '30 days' },
  range1y: { zh: '一年', en: 'A year' },
  kpiBasis: { zh: '依据 ISA-18.2 与 EEMUA 191，按一个值班席位计', en: 'as ISA-18.2 and EEMUA 191 measure it, for one operator console' },
  kpiRaised: { zh: '报警总数', en: 'Alarms raised' },
  kpiAverage: { zh: '平均每10分钟报警数', en: 'Average per 10 minutes' },
  kpiPeak: { zh: '10分钟内最多', en: 'Most in 10 minutes' },
  kpiFlood: { zh: '报警泛滥时段占比', en: 'Time in flood' },
  kpiStanding: { zh: '常驻报警', en: 'Standing alarms' },
  kpiStale: { zh: '陈旧报警（超过24小时）', en: 'Stale alarms (over 24 h)' },
  kpiChattering: { zh: '振荡报警源', en: 'Chattering sources' },
  kpiTopTen: { zh: '前十报警源占比', en: 'Share of the top ten sources' },
  kpiTarget: { zh: '目标', en: 'target' },
  kpiRateChart: { zh: '每10分钟报警数（虚线：可接受 1、可管理 2、泛滥 10）', en: 'Alarms per 10 minutes (dashed: acceptable 1, manageable 2, flood 10)' },
  kpiAckChart: { zh: '各等级确认用时（秒）：中位数与90%分位', en: 'Time to acknowledge by grade (s): median and 90th percentile' },
  kpiTopSources: { zh: '报警最多的设备（优先整治）', en: 'Most frequent sources (fix these first)' },
  kpiChatteringList: { zh: '振荡报警（1分钟内3次及以上）', en: 'Chattering (3 or more within a minute)' },
  kpiByLevel: { zh: '报警等级分布', en: 'Spread over grades' },
  kpiInAMinute: { zh: '1分钟内 {{n}} 次', en: '{{n}} within a minute' },
  median: { zh: '中位数', en: 'median' },
  p90: { zh: '90%分位', en: '90th percentile' },
  alarmsPer10Min: { zh: '报警数', en: 'alarms' },
  none: { zh: '无', en: 'None' },
  hours: { zh: '小时', en: 'h' },
  unknownDevice: { zh: '未登记设备', en: 'An unregistered device' },
  reportNoSuch: { zh: '没有这个编号，请核对', en: 'No report with that number: check it' },
  logIn: { zh: '登录', en: 'Log in' },
  logOut: { zh: '退出', en: 'Log out' },
  loginName: { zh: '账号', en: 'Login' },
  password: { zh: '密码', en: 'Password' },
  loginWrong: { zh: '账号或密码不正确', en: 'Wrong login or password' },
  loginThrottled: { zh: '失败次数过多，请稍后再试（{{why}}）', en: 'Too many failed logins: try again later ({{why}})' },
  loginHint: { zh: '首次启动时，系统管理员的账号和密码显示在启动信息中。居民上报隐患无需登录。', en: 'On the first start the password of the account "admin" is shown by npm start. Residents report hazards without logging in: /report' },
  admin: { zh: '人员与权限', en: 'People' },
  people: { zh: '人员', en: 'People' },
  name: { zh: '姓名', en: 'Name' },
  roles: { zh: '角色', en: 'Roles' },
  scope: { zh: '工作范围', en: 'Scope' },
  wholeDistrict: { zh: '全辖区', en: 'The whole district' },
  status: { zh: '状态', en: 'Status' },
  enabled: { zh: '在用', en: 'Active' },
  disabledAccount: { zh: '已停用', en: 'Disabled' },
  disable: { zh: '停用', en: 'Disable' },
  enable: { zh: '启用', en: 'Enable' },
  resetPassword: { zh: '重置密码', en: 'Reset password' },
  newPassword: { zh: '新密码（至少10位）', en: 'New password (10 characters or more)' },
  addPerson: { zh: '添加人员', en: 'Add a person' },
  community: { zh: '社区', en: 'Community' },
  courtyards: { zh: '院落', en: 'Courtyards' },
  myTokens: { zh: '我的接口令牌', en: 'My API tokens' },
  newToken: { zh: '生成令牌', en: 'New token' },
  tokenShownOnce: { zh: '令牌只显示这一次，请妥善保存：', en: 'The token is shown this once; keep it safe:' },
  revoke: { zh: '吊销', en: 'Revoke' },
  auditLog: { zh: '审计日志', en: 'Audit log' },
  when: { zh: '时间', en: 'When' },
  who: { zh: '操作人', en: 'Who' },
  what: { zh: '操作', en: 'What' },
  notAllowed: { zh: '你的角色无权使用此页面', en: 'Your role does not allow this page' },
  joinCode: { zh: '访客加入码', en: 'Guest join code' },
  joinAsGuest: { zh: '以访客身份加入', en: 'Join as a guest' },
  guestName: { zh: '你的姓名', en: 'Your name' },
  deviceSources: { zh: '设备接入源', en: 'Device sources' },
  noSources: { zh: '未配置接入源：设备只经本系统自己的主题上报（见 README “设备接入源”）。', en: 'No sources configured: devices report on the twin\'s own topics only (README, "Device sources").' },
  sourceDevices: { zh: '设备数', en: 'Devices' },
  sourceTaken: { zh: '接收条数', en: 'Taken' },
  sourceRefused: { zh: '拒收', en: 'Refused' },
  lastMessage: { zh: '最近消息', en: 'Last message' },
  lastRefusal: { zh: '最近拒收', en: 'Last refusal' },
  unknownIdentities: { zh: '未登记的设备标识（请在设备台账中登记）', en: 'Identities no device has (register them in the device register)' },
  identity: { zh: '设备标识', en: 'Identity' },
  heardAt: { zh: '上报位置', en: 'Heard from' },
  times: { zh: '次数', en: 'Times' },
  pendingCommands: { zh: '待平台下发的指令', en: 'Commands waiting for the platform' },
} as const;

/** A device source's kind (SOURCES), as people call it. */
export const SOURCE_KIND_LABELS = {
  chirpstack: { zh: 'LoRaWAN 网络服务器（ChirpStack）', en: 'LoRaWAN network server (ChirpStack)' },
  onenet: { zh: '中国移动 OneNET', en: 'China Mobile OneNET' },
  ctwing: { zh: '中国电信 CTWing', en: 'China Telecom CTWing' },
  webhook: { zh: '厂商平台（Webhook）', en: 'Vendor platform (webhook)' },
} as const satisfies Record<string, Text>;
export const SOURCE_STATE_LABELS = {
  connected: STRINGS.connected,
  disconnected: STRINGS.disconnected,
  listening: { zh: '等待推送', en: 'Waiting for pushes' },
} as const satisfies Record<string, Text>;
/** Why a source's message was refused (sim-server/sources/sourceDevices.ts checks every reason has its words). */
export const SOURCE_REFUSAL_LABELS = {
  not_parseable: { zh: '无法解析', en: 'Unreadable' },
  bad_shape: { zh: '格式不符', en: 'Wrong format' },
  oversized: { zh: '消息过大', en: 'Too large' },
  bad_signature: { zh: '签名不符', en: 'Bad signature' },
  unknown_identity: { zh: '未登记设备', en: 'Unknown device' },
  other_application: { zh: '非本应用', en: 'Another application' },
  duplicate: { zh: '重复消息', en: 'Duplicate' },
  stale: { zh: '过期消息', en: 'Too old' },
  no_codec: { zh: '无解码器', en: 'No codec' },
  not_quantities: { zh: '数据项不符', en: 'Not its quantities' },
  codec_error: { zh: '解码器报错', en: 'Codec error' },
  codec_timeout: { zh: '解码超时', en: 'Codec timed out' },
  codec_output: { zh: '解码结果不符', en: 'Codec output wrong' },
  codec_busy: { zh: '解码繁忙', en: 'Codecs busy' },
  codec_crashed: { zh: '解码器崩溃', en: 'Codec crashed' },
  codec_unknown: { zh: '无此型号解码器', en: 'No codec for the model' },
} as const satisfies Record<string, Text>;
export type StringKey = keyof typeof STRINGS;

export const CONTACT_ROLES: Record<string, Text> = {
  relative: { zh: '家属', en: 'Relative' },
  building_head: { zh: '楼栋长', en: 'Building head' },
  guard_room: { zh: '门卫室', en: 'Guard room' },
  grid_worker: ROLE_LABELS.grid_worker,
  resident: { zh: '住户', en: 'Resident' },
};

export const TASK_LABELS: Record<string, Text> = {
  grid_worker: ROLE_LABELS.grid_worker,
  micro_fire_station: { zh: '微型消防站', en: 'Micro fire station' },
  aed: { zh: 'AED', en: 'AED' },
  hydrant: DEVICE_TYPE_LABELS.hydrant,
  assigned: { zh: '已派遣', en: 'assigned' },
  en_route: { zh: '在途', en: 'en route' },
  on_site: { zh: '到场', en: 'on site' },
  done: { zh: '完成', en: 'done' },
  cancelled: { zh: '取消', en: 'cancelled' },
};

/** Parameters more than one hazard model has, as the editor shows them: unit, Chinese, English. */
export const ROOM_PARAM_TEXT = {
  roomM3: ['m³', '房间容积', 'Room volume'],
  airChangesPerH: ['次/h', '换气次数', 'Air changes'],
} as const;

/** A trainer's controls of a drill, and other room messages a player's last action may be. */
export const CONTROL_LABELS: Record<string, Text> = {
  brief: STRINGS.brief, start: STRINGS.start, pause: STRINGS.pause, resume: STRINGS.resume, speed: STRINGS.speed, end: STRINGS.end,
  skip: { zh: '快进到首次报警', en: 'Skip to the first alarm' },
  inject: STRINGS.injects, say: STRINGS.message, move: { zh: '移动', en: 'move' },
};

/** A drill's status, as people read it. */
export const DRILL_STATUS_LABELS = {
  lobby: STRINGS.lobby, briefing: STRINGS.briefing, running: STRINGS.running, paused: STRINGS.paused, debrief: STRINGS.debrief, ended: STRINGS.ended,
} as const satisfies Record<string, Text>;
const DRILL_ENDED: Text = { zh: '演练已结束', en: 'the drill has ended' };
/** Why a player's move, action or task waits: the drill is not running. */
export const DRILL_NOT_RUNNING: Record<keyof typeof DRILL_STATUS_LABELS, Text> = {
  lobby: { zh: '演练尚未开始', en: 'the drill has not started yet' }, briefing: { zh: '演练尚未开始：正在介绍情况', en: 'the drill has not started yet: the briefing is on' },
  running: { zh: '演练进行中', en: 'the drill is running' }, paused: { zh: '演练已暂停', en: 'the drill is paused' }, debrief: DRILL_ENDED, ended: DRILL_ENDED,
};
/** How a player's presence changed. */
export const PRESENCE_LABELS = { connected: STRINGS.connected, away: { zh: '已离开', en: 'away' } } as const satisfies Record<string, Text>;
/** An alarm event as a drill's timeline names it. */
export const ALARM_EVENT_LABELS: Record<string, Text> = { raised: STRINGS.alarmStep, updated: { zh: '报警更新', en: 'updated' }, closed: { zh: '报警关闭', en: 'closed' } };
/** Refused: an audit entry's outcome, an action in a review. */
export const REFUSED: Text = { zh: '被拒绝', en: 'refused' };

/** The after-action review's words (sim-server/drill/reportHtml.ts). */
export const REVIEW = {
  kpi: {
    // Each from its own start: detection from the incident's start, the rest from the first alarm.
    detect: { zh: '发现（自险情发生）', en: 'Detect (from the incident)' }, acknowledge: STRINGS.acknowledge, dispatch: { zh: '派单', en: 'Dispatch' },
    arrive: { zh: TASK_LABELS.on_site!.zh, en: 'Arrive' }, resolve: { zh: '处置完成', en: 'Resolve' },
  },
  reason: {
    on_time: { zh: '按时', en: 'on time' }, late: { zh: '超时', en: 'late' }, not_done: { zh: '未完成', en: 'not done' },
    resolved: DRILL_OUTCOME_LABELS.resolved!, not_resolved: { zh: STRINGS.failedOutcome.zh, en: 'not resolved' },
  },
  kind: {
    phase: { zh: STRINGS.phase.zh, en: 'phase' }, inject: { zh: '注入', en: 'inject' }, action: { zh: STRINGS.actions.zh, en: 'action' }, hazard: { zh: STRINGS.hazards.zh, en: 'hazard' },
    alarm: ALARM_EVENT_LABELS.raised!, refused: { zh: '拒绝', en: 'refused' }, message: { zh: STRINGS.notices.zh, en: 'message' }, control: { zh: '控制', en: 'control' }, join: { zh: STRINGS.join.zh, en: 'join' },
  },
  words: {
    title: { zh: '演练复盘', en: 'After-action review' }, outcome: STRINGS.outcome, duration: { zh: '用时', en: 'Duration' }, score: STRINGS.score,
    kpis: { zh: '关键指标', en: 'KPIs' }, kpi: { zh: '指标', en: 'KPI' }, time: { zh: '用时（除发现外均自首次报警起）', en: 'Time (from the first alarm, but detection)' }, limit: { zh: '时限', en: 'Limit' },
    met: { zh: '达标', en: 'met' }, missed: { zh: '超时', en: 'missed' }, notMet: { zh: '未达标', en: 'missed' }, onSite: { zh: '20分钟到场目标', en: '20-minute on-site target' },
    objectives: { zh: '考核目标', en: 'Objectives' }, action: { zh: '动作', en: 'Action' }, within: { zh: '时限', en: 'Within' }, done: { zh: '完成（自首次报警）', en: 'Done (from the first alarm)' },
    by: { zh: '完成人', en: 'By' }, lines: { zh: '得分明细', en: 'Score, point by point' }, points: { zh: STRINGS.score.zh, en: 'Points' }, doneAfter: { zh: '完成用时', en: 'Done after' },
    roles: { zh: '各角色行动', en: 'Actions by role' }, clock: { zh: '演练时钟', en: 'Drill clock' }, result: { zh: STRINGS.outcome.zh, en: 'Result' }, refused: REFUSED,
    timeline: STRINGS.timeline, kind: { zh: '类别', en: 'Kind' }, event: { zh: '事件', en: 'Event' }, drill: { zh: '演练编号', en: 'Drill' }, seed: { zh: '随机种子', en: 'seed' },
  },
} as const;

/** The after-action report and improvement plan's words (sim-server/drill/aarHtml.ts, aarDocx.ts; the evaluator's and team pages). */
export const AAR_WORDS = {
  title: { zh: '演练评估报告与整改计划', en: 'After-action report and improvement plan' },
  overview: { zh: '演练概述', en: 'Overview' }, scenario: { zh: '演练脚本', en: 'Scenario' }, team: { zh: '参演队伍', en: 'Team' },
  date: { zh: '演练日期', en: 'Date' }, evaluators: { zh: '评估员', en: 'Evaluators' }, none: { zh: '无', en: 'none' },
  ratings: { zh: '目标、能力与关键任务评级', en: 'Objectives, capabilities and critical tasks' },
  capability: { zh: '能力', en: 'Capability' }, task: { zh: '关键任务', en: 'Critical task' },
  proposed: { zh: '系统建议评级', en: 'Proposed rating' }, rating: { zh: '评估员评级', en: 'Evaluator\'s rating' },
  note: { zh: '评估意见', en: 'Evaluator\'s notes' }, evidence: { zh: '依据', en: 'Evidence' }, notRated: { zh: '未评级', en: 'not rated' },
  strengths: { zh: '优势', en: 'Strengths' }, improvements: { zh: '待改进事项', en: 'Areas for improvement' },
  plan: { zh: '整改计划', en: 'Improvement plan' }, correctiveAction: { zh: '整改措施', en: 'Corrective action' },
  owner: { zh: '责任人', en: 'Owner' }, due: { zh: '完成期限', en: 'Due' }, status: STRINGS.status,
  closeProposed: { zh: '建议关闭：后续演练评为“顺利完成”', en: 'Proposed for closing: a later drill rated it P' },
  rate: { zh: '评分', en: 'Rate' }, add: { zh: '添加整改措施', en: 'Add a corrective action' },
  download: { zh: '下载', en: 'Download' }, teamPage: { zh: '队伍评估', en: 'Team page' }, ratingsOverDrills: { zh: '历次演练评级', en: 'Ratings over drills' },
  openActions: { zh: '未完成的整改措施', en: 'Open corrective actions' }, retest: { zh: '本次演练需复核的整改措施', en: 'Corrective actions this drill re-tests' },
  evaluatorSeat: { zh: '评估员席位（参演人员不可见）', en: 'Evaluator\'s seat (unseen by the players)' },
  markDone: { zh: '标记完成', en: 'Mark done' },
  drills: { zh: '已结束的演练', en: 'Ended drills' }, lastDrill: { zh: '最近演练', en: 'Last drill' },
  noTeams: { zh: '还没有已结束的演练。演练结束后，各参演队伍的评级和整改计划汇总在这里。', en: 'No drill has ended yet. Once one has, each team\'s ratings and improvement plan are gathered here.' },
  proposedMark: { zh: '；* 为系统建议评级（评估员未评）', en: '; * proposed (not rated by an evaluator)' },
} as const;

/** How the planner solved a plan, in words. */
export const SOLVER_LABELS = {
  milp: { zh: '整数规划精确求解', en: 'Exact integer programme' }, lp: { zh: '线性规划松弛', en: 'LP relaxation' },
  greedy: { zh: '贪心算法（附误差上界）', en: 'Greedy, with a bound' }, ended: { zh: '求解结束', en: 'solved' },
  status: {
    optimal: { zh: '最优解', en: 'optimal' }, 'time limit': { zh: '达到时限', en: 'time limit reached' }, 'iteration limit': { zh: '达到迭代上限', en: 'iteration limit reached' },
    infeasible: { zh: '无可行解', en: 'infeasible' }, interrupted: { zh: '已中断', en: 'interrupted' },
  } as Record<string, Text>,
} as const;

/** The statechart's words (the editor draws it): its regions, the states besides the phases, the events. */
export const STATECHART_LABELS = {
  region: { phase: STRINGS.phase, limit: { zh: '总时限', en: 'Time limit' }, inject: { zh: '注入', en: 'Inject' } },
  state: {
    ...PHASE_LABELS, running: { zh: '计时中', en: 'Counting' }, over: { zh: '已超时', en: 'Over time' },
    waiting: { zh: '等待条件', en: 'Waiting' }, armed: { zh: '条件已满足', en: 'Armed' }, fired: { zh: '已注入', en: 'Fired' },
  } as Record<string, Text>,
  event: {
    ALARM_RAISED: { zh: '报警发出', en: 'the alarm is raised' }, ALARM_ACKNOWLEDGED: { zh: '报警被确认', en: 'the alarm is acknowledged' },
    ACTION: { zh: '完成动作', en: 'an action is done' }, HAZARD_SAFE: { zh: '险情消除', en: 'the hazard is safe' }, INJECT_NOW: { zh: '教官手动注入', en: 'the trainer fires it' },
  } as Record<string, Text>,
  after: { zh: '秒后', en: ' s later' },
} as const;
