// Readings per second through the pure twin core (validation excluded) on one core.
import { indexDistrict } from '../../twin-assets/districtIndex';
import type { District } from '../../twin-assets/districtSchema';
import type { RuleSet } from '../../twin-assets/rulesSchema';
import { seededRng } from '../../twin-assets/random';
import { baselineReading } from '../../device-emulators/baseline';
import { TwinCore } from '../../sim-server/core/twinCore';

export function benchCore(district: District, rules: RuleSet, seconds: number) {
  const core = new TwinCore(indexDistrict(district), rules, false);
  const rng = seededRng(7);
  // Pre-made readings, 5 % of them alarming, so the loop measures the core and not the generator.
  const readings = Array.from({ length: 4096 }, (_, i) => {
    const device = district.devices[i % district.devices.length]!;
    const values = baselineReading(device.type, rng);
    if (device.type === 'gas' && rng() < 0.5) values.gas_lel = 45;
    return { id: device.id, reading: { ts: 0, tsSource: 'device' as const, seq: i, readings: values } };
  });
  let n = 0;
  const end = performance.now() + seconds * 1000;
  let now = 1_763_870_400_000;
  while (performance.now() < end) {
    for (let k = 0; k < 1000; k++) {
      const r = readings[n++ % readings.length]!;
      core.reading(r.id, r.reading, now++);
    }
  }
  return { readings: n, perSecond: Math.round(n / seconds), openAlarms: core.openAlarms().length };
}
