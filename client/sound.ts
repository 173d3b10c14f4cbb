// The alarm tone of the communities' monitoring screens: beeps, more and higher the graver the alarm
// (Ⅰ four, Ⅳ one). Browsers allow sound only after the page has been touched once, so the first click or
// key anywhere arms it, and a banner says so until then; a tone asked for before that is counted, not lost
// silently (tests and the console can see it).
import { useSyncExternalStore } from 'react';

declare global { interface Window { __twinSound?: { requested: number; played: number; armed: boolean; lastBeeps: number } } }

const PITCH: Record<string, number> = { I: 1320, II: 1100, III: 880, IV: 660 };
const BEEPS: Record<string, number> = { I: 4, II: 3, III: 2, IV: 1 };
let context: AudioContext | null = null;
const listeners = new Set<() => void>();
const counter = () => (window.__twinSound ??= { requested: 0, played: 0, armed: false, lastBeeps: 0 });

function armed(): boolean { return context?.state === 'running'; }

/** Arms sound on the first gesture: a gesture is what lets a page start an AudioContext. */
function arm(): void {
  try {
    context ??= new AudioContext();
    void context.resume().then(() => {
      counter().armed = armed();
      if (armed()) { removeEventListener('pointerdown', arm, true); removeEventListener('keydown', arm, true); }
      listeners.forEach((l) => l());
    });
  } catch { /* no audio device: the banner stays, alarms still show */ }
}
if (typeof window !== 'undefined') { addEventListener('pointerdown', arm, true); addEventListener('keydown', arm, true); }

export function useSoundArmed(): boolean {
  return useSyncExternalStore((l) => { listeners.add(l); return () => listeners.delete(l); }, armed);
}

export function alarmTone(level: string): void {
  const c = counter();
  c.requested++;
  if (!context || !armed()) return;
  const start = context.currentTime;
  const beeps = BEEPS[level] ?? 2;
  for (let i = 0; i < beeps; i++) {
    const offset = i * 0.25;
    const osc = context.createOscillator();
    const gain = context.createGain();
    osc.frequency.value = PITCH[level] ?? 880;
    gain.gain.setValueAtTime(0.2, start + offset);
    gain.gain.exponentialRampToValueAtTime(0.001, start + offset + 0.2);
    osc.connect(gain).connect(context.destination);
    osc.start(start + offset);
    osc.stop(start + offset + 0.2);
  }
  c.played++;
  c.lastBeeps = beeps;
}
