// The alarm tone of the communities' monitoring screens: two short beeps, higher for graver alarms.
// Browsers allow sound only after the page has been touched once; until then the tone is skipped
// (and counted, so tests and the console can see it was asked for).
declare global { interface Window { __twinSound?: { requested: number; played: number } } }

const PITCH: Record<string, number> = { I: 1320, II: 1100, III: 880, IV: 660 };
let context: AudioContext | null = null;

export function alarmTone(level: string): void {
  const counter = (window.__twinSound ??= { requested: 0, played: 0 });
  counter.requested++;
  try {
    context ??= new AudioContext();
    if (context.state !== 'running') { void context.resume(); return; }
    const start = context.currentTime;
    for (const offset of [0, 0.25]) {
      const osc = context.createOscillator();
      const gain = context.createGain();
      osc.frequency.value = PITCH[level] ?? 880;
      gain.gain.setValueAtTime(0.2, start + offset);
      gain.gain.exponentialRampToValueAtTime(0.001, start + offset + 0.2);
      osc.connect(gain).connect(context.destination);
      osc.start(start + offset);
      osc.stop(start + offset + 0.2);
    }
    counter.played++;
  } catch { /* no audio device: the popup still shows */ }
}
