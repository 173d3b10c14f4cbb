// Who is asking: a person (a session or a personal token), a machine credential from the environment
// (OPERATOR_TOKEN, TRAINER_TOKEN: "service operator"), a drill's guest, or nobody. What anyone does is
// recorded as `by` (a name a person reads) and `byId` (who it was), both from here, never from a body.
import { grantOf, type Action, type PersonScope, type StaffRole } from '../../twin-assets/permissions';
import type { DistrictIndex } from '../../twin-assets/districtIndex';

export type Principal =
  | { kind: 'person'; id: string; login: string; name: string; roles: StaffRole[]; scope: PersonScope | null }
  | { kind: 'service'; id: string; name: string; roles: StaffRole[]; scope: null }
  | { kind: 'anonymous' };

export const ANONYMOUS: Principal = { kind: 'anonymous' };

/** Who did something, as records keep it. */
export interface Actor { id: string; name: string }

export function actorOf(p: Principal): Actor {
  return p.kind === 'anonymous' ? { id: 'anonymous', name: 'anonymous' } : { id: p.id, name: p.name };
}

export const service = (name: 'operator' | 'trainer'): Principal => ({ kind: 'service', id: `service:${name}`, name: `service ${name}`, roles: [name], scope: null });

/** A place something is: its courtyard (the unit scopes are made of). */
export interface Place { courtyardId: string | null | undefined }

/** The courtyards a scope covers: its community's and the ones it names. */
export function courtyardsOf(index: DistrictIndex, scope: PersonScope | null): Set<string> {
  const out = new Set<string>(scope?.courtyardIds ?? []);
  if (scope?.communityId) for (const c of index.courtyards.values()) if (c.communityId === scope.communityId) out.add(c.id);
  return out;
}

/** Checks a principal against the permission table; scoped grants against the place. */
export class Access {
  private readonly cache = new WeakMap<object, Set<string>>();
  constructor(private readonly index: DistrictIndex) {}

  /** May this principal do the action at all (somewhere)? */
  anywhere(p: Principal, action: Action): boolean {
    return p.kind !== 'anonymous' && grantOf(p.roles, action) !== null;
  }

  /** May it do the action here? A place without a courtyard is only for district-wide grants. */
  at(p: Principal, action: Action, place: Place | null): boolean {
    if (p.kind === 'anonymous') return false;
    const grant = grantOf(p.roles, action);
    if (grant === 'all') return true;
    if (grant !== 'scope' || !place?.courtyardId) return false;
    return this.courtyards(p).has(place.courtyardId);
  }

  /** Whether the action's grant is scoped for this principal (lists are then filtered with `at`). */
  scoped(p: Principal, action: Action): boolean { return p.kind !== 'anonymous' && grantOf(p.roles, action) === 'scope'; }

  private courtyards(p: Exclude<Principal, { kind: 'anonymous' }>): Set<string> {
    let set = this.cache.get(p);
    if (!set) { set = courtyardsOf(this.index, p.scope); this.cache.set(p, set); }
    return set;
  }
}
