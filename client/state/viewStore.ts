// View state outside React's render loop: selection, camera requests, cutaway height. Components
// subscribe through useView; the scene reads `viewStore.get()` in useFrame.
import { useSyncExternalStore } from 'react';

export interface FlyTo {
  x: number; y: number; z: number; distance: number; seq: number;
  /** How steeply the camera looks down at least, as the height of its unit direction (0.5: 30°). */
  minUp?: number;
}
export interface ViewState {
  selectedDeviceId: string | null;
  flyTo: FlyTo | null;
  /** Buildings are cut away above this height (metres); null shows them whole. */
  cutawayM: number | null;
  /** Where the camera looks, in the district frame, for the overview map. */
  target: { x: number; y: number };
}

let state: ViewState = { selectedDeviceId: null, flyTo: null, cutawayM: null, target: { x: 0, y: 0 } };
const listeners = new Set<() => void>();
let flySeq = 0;
/** An alarm is looked at from high above (58° at least): a detector on a low floor is seen on its own building, not
 * drawn over the roof of the one in front of it. */
export const ALARM_VIEW_UP = 0.85;

export const viewStore = {
  get: () => state,
  subscribe: (l: () => void) => { listeners.add(l); return () => { listeners.delete(l); }; },
  set(patch: Partial<ViewState>) {
    state = { ...state, ...patch };
    listeners.forEach((l) => l());
  },
  flyTo(x: number, y: number, z = 0, distance = 120, minUp?: number) {
    viewStore.set({ flyTo: { x, y, z, distance, seq: ++flySeq, ...(minUp === undefined ? {} : { minUp }) } });
  },
  /** An alarm looked at (its card, the pop-up's 查看): the camera flies there and its device's panel opens. */
  showAlarm(a: { x: number; y: number; z: number; deviceId: string }) {
    viewStore.set({ flyTo: { x: a.x, y: a.y, z: a.z, distance: 70, seq: ++flySeq, minUp: ALARM_VIEW_UP }, selectedDeviceId: a.deviceId });
  },
};

declare global { interface Window { __twinView?: typeof viewStore } }
if (typeof window !== 'undefined') window.__twinView = viewStore; // for tests and the console

export function useView<T>(select: (s: ViewState) => T): T {
  return useSyncExternalStore(viewStore.subscribe, () => select(state));
}
