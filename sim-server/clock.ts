// Time is injected: the live twin runs on the system clock, tests and drills on their own.
export interface Clock { now(): number }
export const systemClock: Clock = { now: () => Date.now() };

export class ManualClock implements Clock {
  constructor(private t: number) {}
  now() { return this.t; }
  advance(ms: number) { this.t += ms; }
}
