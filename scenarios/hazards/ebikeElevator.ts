// An e-bike wheeled into a lift: the car's e-bike guard sees it, holds the door open and does not move until
// it is taken out.
import { z } from 'zod';
import { defineHazard } from './define';

export const ebikeElevator = defineHazard({
  model: 'ebike_elevator',
  names: { zh: '电动车进电梯', en: 'E-bike in the elevator' },
  params: z.object({ floor: z.number().int() }),
  paramText: { floor: ['', '楼层', 'Floor'] },
  devices: { one: true, note: 'The elevator monitor of the car the e-bike is wheeled into.' },
  sensedBy: ['elevator'],
  makesSafe: 'remove_ebike',
  drawing: 'mover',
  captionMeasure: false,
  prepare: (_def, { first }) => ({ first }),
  init: () => ({ removed: false }),
  read: (s, { def }) => ({ floor: def.params.floor, ebike_detected: !s.removed, door_open: !s.removed, fault_code: 0, passenger_trapped: false }),
  on: { remove_ebike: () => ({ removed: true }) },
  safe: (s) => s.removed,
  view: (s, { def, env }) => ({ at: env.first, level: s.removed ? 0 : 1, value: def.params.floor, unit: 'floor', safe: s.removed }),
});
