// A fall from height under rapier physics: a body (a capsule the size of a person) drops from a
// scaffold, a crane or a chair onto the ground. The simulation is run once, up front, and sampled:
// fall time, impact speed, and what the devices around would report.
import RAPIER from '@dimforge/rapier3d-compat';
import { rapierReady } from '../physics';

export const G = 9.81;
const DT = 1 / 240;

export interface FallTrace { fallTimeS: number; impactSpeedMps: number; heightM: number }

/** Drops a person-sized capsule whose lowest point is `heightM` above the ground; returns when it lands. */
export async function simulateFall(heightM: number): Promise<FallTrace> {
  await rapierReady();
  const world = new RAPIER.World({ x: 0, y: -G, z: 0 });
  world.timestep = DT;
  world.createCollider(RAPIER.ColliderDesc.cuboid(50, 0.5, 50).setTranslation(0, -0.5, 0)); // the ground, top at y = 0
  const radius = 0.2, halfHeight = 0.7; // a 1.8 m person
  const bottom = halfHeight + radius;
  const body = world.createRigidBody(RAPIER.RigidBodyDesc.dynamic().setTranslation(0, heightM + bottom, 0).setLinearDamping(0).setCanSleep(false));
  world.createCollider(RAPIER.ColliderDesc.capsule(halfHeight, radius).setRestitution(0).setFriction(0.8), body);
  let t = 0;
  // Step until the body's lowest point reaches the ground, then interpolate within that step. By then
  // the contact solver has already stopped the body, so the speed comes from the step before, carried
  // forward to the crossing.
  for (let prevY = heightM, prevV = 0; t < 60;) {
    world.step();
    t += DT;
    const y = body.translation().y - bottom;
    if (y <= 0) {
      const frac = prevY / (prevY - y);
      world.free();
      return { fallTimeS: t - DT + frac * DT, impactSpeedMps: prevV + G * frac * DT, heightM };
    }
    prevY = y;
    prevV = Math.abs(body.linvel().y);
  }
  world.free();
  throw new Error(`the body did not land within 60 s from ${heightM} m`);
}

/** Analytic free fall, for comparison. */
export const freeFall = (h: number) => ({ fallTimeS: Math.sqrt((2 * h) / G), impactSpeedMps: Math.sqrt(2 * G * h) });

/** What a wrist bracelet reports around a fall: free fall, then an impact, then a person lying still. */
export function braceletAfterFall(trace: FallTrace, sinceStartS: number): Record<string, number | boolean> {
  if (sinceStartS < trace.fallTimeS) return { fall_detected: false, heart_rate_bpm: 88 };
  return { fall_detected: true, heart_rate_bpm: trace.impactSpeedMps > 7 ? 128 : 104 };
}

export interface SiteAtFall { craneLoadKg: number; craneMomentPct: number; windMps: number; ambientC: number }

/** The crane was lifting the dismantled scaffold; on the shout the operator stops slewing and holds the load.
 * Its monitor shows that, and nothing it would alarm on: a fall is not a crane fault. */
export function craneAroundFall(trace: FallTrace, site: SiteAtFall, sinceStartS: number): Record<string, number | boolean> {
  const stopped = sinceStartS >= trace.fallTimeS;
  return { load_kg: site.craneLoadKg, moment_pct: site.craneMomentPct, slew_speed_dps: stopped ? 0 : 0.6, wind_mps: site.windMps };
}

/** A thermal camera over the site: its hottest pixel is sunlit steel until a warm body lies on the
 * ground in view (skin ≈ 33 °C under work clothes). Far below a fire's hot spot: it does not alarm. */
export function thermalCameraAroundFall(trace: FallTrace, site: SiteAtFall, sinceStartS: number): Record<string, number | boolean> {
  const scene = site.ambientC + 6;
  return { max_temp_c: sinceStartS >= trace.fallTimeS ? Math.max(scene, 33) : scene };
}
