// rapier's WebAssembly is set up once per process: a second RAPIER.init() while the first is still
// loading replaces the module under objects already made from it (and they fail as "unsafe aliasing").
import RAPIER from '@dimforge/rapier3d-compat';

let ready: Promise<void> | null = null;
export const rapierReady = (): Promise<void> => (ready ??= RAPIER.init());
