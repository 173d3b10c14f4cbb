import { describe, expect, it } from 'vitest';
import { bundledIndex } from '../test/helpers/fixtures';
import { validateReading } from '../bridge/reading';
import { DEVICE_TYPES } from '../twin-assets/deviceCatalog';
import { seededRng } from '../twin-assets/random';
import { parseFaults } from './faults';
import { createSim, drain, handleCommand, readingOf } from './models';

const index = bundledIndex();
const device = (id: string) => index.devices.get(id)!;

describe('device models', () => {
  it('every device type reports readings the bridge accepts, for hours', () => {
    const rng = seededRng(3);
    for (const d of index.district.devices) {
      const sim = createSim(d, rng);
      for (let i = 0; i < 200; i++) expect(validateReading(d.type, { readings: readingOf(sim, rng, i * 60_000) }, 0).ok, d.type).toBe(true);
    }
    expect(new Set(index.district.devices.map((d) => d.type))).toEqual(new Set(DEVICE_TYPES));
  });

  it('is deterministic for a seed', () => {
    const run = () => { const rng = seededRng(9); const sim = createSim(device('crane-d1'), rng); return Array.from({ length: 20 }, (_, i) => readingOf(sim, rng, i)); };
    expect(run()).toEqual(run());
  });

  it('a smoke detector raises its own alarm when the hazard fills the room with smoke', () => {
    const rng = seededRng(1);
    const sim = createSim(device('smk-a1-301'), rng);
    expect(readingOf(sim, rng, 0).alarm).toBe(false);
    expect(readingOf(sim, rng, 1, () => ({ smoke_obscuration_pct_m: 12 }))).toMatchObject({ alarm: true, smoke_obscuration_pct_m: 12 });
  });

  it('closing the gas valve makes the reading fall report by report', () => {
    const rng = seededRng(1);
    const sim = createSim(device('gas-a1-301'), rng);
    const leak = () => ({ gas_lel: 40 });
    expect(readingOf(sim, rng, 0, leak).gas_lel).toBe(40);
    expect(handleCommand(sim, 'close_valve')).toEqual({ ok: true, result: 'valve closed' });
    const after = [1, 2, 3, 4].map((t) => readingOf(sim, rng, t, leak).gas_lel as number);
    expect(after).toEqual([20, 10, 5, 2.5]);
  });

  it('an e-bike in the car holds the elevator door open and the car still; it refuses to move', () => {
    const rng = seededRng(1);
    const sim = createSim(device('elv-c1-1'), rng);
    const at = readingOf(sim, rng, 0).floor;
    const held = [1, 2, 3].map((t) => readingOf(sim, rng, t, () => ({ ebike_detected: true })));
    expect(held.every((r) => r.door_open === true && r.floor === at)).toBe(true);
    expect(handleCommand(sim, 'return_to_ground')).toEqual({ ok: false, error: 'door held: an e-bike is in the car' });
  });

  it('answers unknown commands with an error, and drains a bracelet\'s battery by the hour', () => {
    const rng = seededRng(1);
    const sim = createSim(device('brc-a1-301'), rng);
    expect(handleCommand(sim, 'launch')).toMatchObject({ ok: false });
    const before = sim.battery;
    drain(sim, 10 * 3_600_000);
    expect(before - sim.battery).toBeCloseTo(12, 5);
  });

  it.each([
    ['dropout=0.01,duplicate=0.05,skew=30000', { dropout: 0.01, duplicate: 0.05, skewMs: 30000 }],
    ['out_of_order=0.1,malformed=0.02,stuck=0.001', { outOfOrder: 0.1, malformed: 0.02, stuck: 0.001 }],
  ])('parses --faults %s', (spec, expected) => {
    expect(parseFaults(spec)).toMatchObject(expected);
  });

  it.each(['sparks=1', 'duplicate=2', 'dropout=x'])('refuses --faults %s', (spec) => {
    expect(() => parseFaults(spec)).toThrow(/--faults/);
  });
});
