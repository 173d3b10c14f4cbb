// Restart time after a long life: a million journal records written through the live pipeline (alarms
// raised, acknowledged and cleared, snapshots and compaction as in service), then a kill (no last
// snapshot) and the restart, timed: the journal's read alone, and the whole pipeline brought back
// (district index, street graph, alarms and tasks restored).
import { existsSync, mkdtempSync, readdirSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LIVE } from '../../bridge/topics';
import { ManualClock } from '../../sim-server/clock';
import { Journal } from '../../sim-server/journal/journal';
import { LivePipeline } from '../../sim-server/livePipeline';
import { createMetrics } from '../../sim-server/metrics';
import type { LoadedDistrict } from '../../sim-server/districtFiles';
import { indexDistrict } from '../../twin-assets/districtIndex';

export async function benchJournalRestart(street: LoadedDistrict, records = 1_000_000) {
  const dir = mkdtempSync(join(tmpdir(), 'journal-bench-'));
  const file = join(dir, `journal-${street.district.id}.jsonl`);
  const index = indexDistrict(street.district);
  const clock = new ManualClock(1_763_870_400_000);
  const pipeline = new LivePipeline(index, street.rules, LIVE, clock, createMetrics({ processMetrics: false }), () => {});
  pipeline.useJournal(file);
  const smoke = street.district.devices.filter((d) => d.type === 'smoke').map((d) => d.id);
  const t0 = performance.now();
  let written = 0;
  let round = 0;
  // Each round: an alarm raised on a detector, acknowledged, cleared: about three records.
  while (written < records) {
    for (let k = 0; k < 500; k++, round++) {
      const id = smoke[round % smoke.length]!;
      pipeline.onMqttMessage(`twin/${index.district.id}/dev/${id}/telemetry`, Buffer.from(JSON.stringify({ readings: { alarm: true } })));
      const open = pipeline.core.alarms.openAlarmsOf(id).find((a) => a.state === 'active_unacked');
      if (open) pipeline.desks.acknowledge(open.id, { id: 'test', name: 'bench' });
      pipeline.onMqttMessage(`twin/${index.district.id}/dev/${id}/telemetry`, Buffer.from(JSON.stringify({ readings: { alarm: false } })));
      clock.advance(10);
    }
    await new Promise((r) => setImmediate(r)); // the group commit
    pipeline.tick(); // snapshots once a minute of the pipeline's clock, compaction past 16 MiB
    written = pipeline.journalRecords;
    if (round % 50_000 === 0) process.stdout.write(`  journal: ${written.toLocaleString()} records written…\n`);
  }
  const writeS = (performance.now() - t0) / 1000;
  // A kill: no last snapshot. The restart reads the snapshot and the journal's tail behind it.
  const r0 = performance.now();
  Journal.read(file);
  const journalReadMs = performance.now() - r0;
  const t1 = performance.now();
  const restarted = new LivePipeline(index, street.rules, LIVE, clock, createMetrics({ processMetrics: false }), () => {});
  const replayed = restarted.useJournal(file);
  const restartMs = performance.now() - t1;
  const archive = join(dir, 'archive');
  return {
    recordsWritten: written, writeSeconds: Math.round(writeS), recordsPerSecond: Math.round(written / writeS),
    tailRecordsRead: replayed.records, fromSnapshot: replayed.fromSnapshot, tailMiB: Math.round(statSync(file).size / 2 ** 20 * 10) / 10,
    archivedSegments: existsSync(archive) ? readdirSync(archive).length : 0, openAlarmsRestored: restarted.core.openAlarms().length,
    journalReadMs: Math.round(journalReadMs), restartMs: Math.round(restartMs),
  };
}
