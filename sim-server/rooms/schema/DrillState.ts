// What a drill room replicates: everything the live room shows (the drill's own alarms, devices,
// tasks), plus the drill's clock, its players and what has happened so far.
import { ArraySchema, MapSchema, Schema, type } from '@colyseus/schema';
import { AlarmView, DeviceView, ReportView, TaskView, TwinState } from './LiveState';

export class PlayerView extends Schema {
  @type('string') id = '';
  @type('string') name = '';
  @type('string') role = '';
  @type('float32') x = 0;
  @type('float32') y = 0;
  @type('boolean') hasPlace = false;
  @type('boolean') moving = false;
  @type('boolean') connected = true;
  @type('boolean') carriesAed = false;
  /** The player's last action and how it went, for the trainer's view of every role. */
  @type('string') lastAction = '';
  @type('string') lastActionZh = '';
}

export class CasualtyView extends Schema {
  @type('string') id = '';
  @type('float32') x = 0;
  @type('float32') y = 0;
  @type('string') text = '';
  @type('boolean') treated = false;
}

/** A running hazard as its model has it (scenarios/hazardView.ts): what the twin draws of it. */
export class HazardViewState extends Schema {
  @type('string') id = '';
  @type('string') model = '';
  @type('float32') x = 0;
  @type('float32') y = 0;
  @type('float32') z = 0;
  @type('float32') level = 0;
  @type('float32') value = 0;
  @type('string') unit = '';
  @type('float32') sizeM = 0;
  @type('float32') widthM = 0;
  @type('float32') heightM = 0;
  @type('float32') headingDeg = 0;
  @type('string') zoneId = '';
  @type('string') buildingId = '';
  @type('string') air = '';
  @type('boolean') safe = false;
}

/** A drill's room: every player sees the whole drill (its alarms are the exercise's, in no one's scope). */
export class DrillState extends TwinState {
  @type({ map: DeviceView }) devices = new MapSchema<DeviceView>();
  @type({ map: AlarmView }) alarms = new MapSchema<AlarmView>();
  @type({ map: TaskView }) tasks = new MapSchema<TaskView>();
  @type({ map: ReportView }) reports = new MapSchema<ReportView>();
  @type('string') drillId = '';
  @type('string') scenarioId = '';
  /** The scenario's title and briefing, as JSON {zh, en}. */
  @type('string') title = '';
  @type('string') briefing = '';
  @type('string') status = 'lobby';
  @type('uint8') speed = 1;
  @type('uint32') simS = 0;
  /** The simulated wall clock (epoch ms), for showing the scenario's time of day. */
  @type('float64') simEpoch = 0;
  @type('string') phase = 'dormant';
  @type({ map: PlayerView }) players = new MapSchema<PlayerView>();
  @type({ map: CasualtyView }) casualties = new MapSchema<CasualtyView>();
  @type({ map: HazardViewState }) hazards = new MapSchema<HazardViewState>();
  /** The latest timeline entries, JSON [seconds, kind, zh, en], oldest first. */
  @type(['string']) timeline = new ArraySchema<string>();
  /** The scenario's injects the trainer may fire, as JSON [{id, text}]. */
  @type('string') injects = '[]';
  /** The open corrective actions this drill re-tests, for its briefing, as JSON [{task, text, ownerName, due}]. */
  @type('string') retest = '[]';
  /** Objectives and score so far, as JSON. */
  @type('string') objectives = '';
}
