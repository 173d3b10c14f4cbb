// Logs a refused device message at most once per device (or topic) per minute, so a broken device
// cannot drown the log. Everything is counted in /metrics regardless.
import type { Clock } from './clock';

export class RejectionLog {
  private readonly last = new Map<string, number>();
  constructor(private readonly clock: Clock, private readonly write: (line: string) => void, private readonly everyMs = 60_000) {}

  note(key: string, line: string): boolean {
    const now = this.clock.now();
    const at = this.last.get(key);
    if (at !== undefined && now - at < this.everyMs) return false;
    if (this.last.size > 10_000) this.last.clear(); // bounded under a flood of made-up device ids
    this.last.set(key, now);
    this.write(line);
    return true;
  }
}
