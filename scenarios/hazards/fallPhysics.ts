// The fall under rapier physics: a body (a capsule the size of a person) drops onto the ground, run once
// up front. Apart from fall.ts so that what imports the hazard definitions (the browser's editor and scene)
// does not load rapier; the run loads this when it prepares a fall.
import RAPIER from '@dimforge/rapier3d-compat';
import { rapierReady } from '../physics';
import { G, type FallTrace } from './fall';

const DT = 1 / 240;

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
