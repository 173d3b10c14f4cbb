// What a drill exercises, as exercise programmes organise it: HSEEP (FEMA's Homeland Security Exercise and Evaluation
// Program, 2020) ties each objective to a capability and rates the capability's critical tasks on an Exercise
// Evaluation Guide. The capabilities here are the ones a street's community emergency plan names (zh first); each
// action of the drill (actions.ts) says which critical task it is evidence for, and a scenario's objective may name
// another. The evaluator rates tasks; the after-action report groups them by capability.
import type { Text } from '../twin-assets/labels';

export const CAPABILITIES = {
  warning: {
    names: { zh: '预警发布', en: 'Alert and warning' },
    tasks: { confirm: { zh: '核实并确认警情', en: 'Confirm the alarm' }, notify: { zh: '逐级通知到位', en: 'Notify tier by tier' }, warn_residents: { zh: '向受影响居民发出预警', en: 'Warn the residents affected' } },
  },
  initial_response: {
    names: { zh: '先期处置', en: 'Initial response' },
    tasks: { reach: { zh: '及时到达现场', en: 'Reach the scene in time' }, control_source: { zh: '控制危险源', en: 'Control the source' }, ventilate: { zh: '通风排烟排气', en: 'Ventilate smoke or gas' } },
  },
  evacuation: {
    names: { zh: '疏散转移', en: 'Evacuation' },
    tasks: { vulnerable: { zh: '优先转移重点人员', en: 'Move the vulnerable first' }, residents: { zh: '组织群众疏散', en: 'Evacuate the residents' } },
  },
  medical: {
    names: { zh: '医疗救护', en: 'Medical care' },
    tasks: { aid: { zh: '伤员现场救治', en: 'Treat the casualty on site' }, defibrillate: { zh: '实施心肺复苏与除颤', en: 'CPR and defibrillation' }, hand_over: { zh: '伤员移交医疗机构', en: 'Hand the casualty over to EMS' } },
  },
  site_security: {
    names: { zh: '现场警戒', en: 'Site security' },
    tasks: { cordon: { zh: '划定并维持警戒区', en: 'Set and hold the cordon' }, ignition: { zh: '管控点火源', en: 'Control ignition sources' } },
  },
  communications: {
    names: { zh: '通信联络', en: 'Communications' },
    tasks: { call_services: { zh: '向119、120报警', en: 'Call the fire and ambulance services' }, reach_family: { zh: '联系住户及其家属', en: 'Reach the residents and their families' }, report_up: { zh: '向上级报送信息', en: 'Report to the street centre' } },
  },
} as const satisfies Record<string, { names: Text; tasks: Record<string, Text> }>;

export type CapabilityId = keyof typeof CAPABILITIES;
/** A critical task, named by its capability: "evacuation.vulnerable". */
export type TaskRef = { [C in CapabilityId]: `${C}.${keyof (typeof CAPABILITIES)[C]['tasks'] & string}` }[CapabilityId];
/** Every critical task, in the list's order: the scenario format's enum. */
export const TASK_REFS = Object.entries(CAPABILITIES).flatMap(([c, cap]) => Object.keys(cap.tasks).map((t) => `${c}.${t}`)) as [TaskRef, ...TaskRef[]];

/** A task's capability and its own names. */
export function taskNames(ref: TaskRef): { capability: Text; task: Text } {
  const [c, t] = ref.split('.') as [CapabilityId, string];
  const cap = CAPABILITIES[c];
  return { capability: cap.names, task: (cap.tasks as Record<string, Text>)[t]! };
}
