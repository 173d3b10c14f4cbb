import type { District } from '../../twin-assets/districtSchema';
import { staffHeaders } from './urlToken';

export async function fetchDistrict(): Promise<District> {
  const res = await fetch('/api/district', { headers: staffHeaders() });
  if (!res.ok) throw new Error(`GET /api/district answered ${res.status}`);
  return (await res.json()) as District;
}
