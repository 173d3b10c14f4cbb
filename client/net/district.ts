import type { District } from '../../twin-assets/districtSchema';

export async function fetchDistrict(): Promise<District> {
  const res = await fetch('/api/district');
  if (!res.ok) throw new Error(`GET /api/district answered ${res.status}`);
  return (await res.json()) as District;
}
