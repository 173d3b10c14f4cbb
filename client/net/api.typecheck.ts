// Checked by tsc (npm test runs it), never run: the client's types follow the routes' declarations, and refuse a call
// without its parameters or with a body of the wrong shape.
import { api } from './api';
export async function t() {
  const a = await api('getApiDevicesByDeviceId', { params: { deviceId: 'x' } });
  if (a.ok) { const s: number | null = a.data.state.battery; void s; }
  const b = await api('getApiScenarios');
  if (b.ok) { const id: string = b.data[0]!.id; void id; }
  const c = await api('postApiDrills', { body: { scenarioId: 'x' } });
  if (c.ok) { const r: string = c.data.roomId; void r; }
  const d = await api('deleteApiSession');
  if (d.ok) { const n: null = d.data; void n; }
  // @ts-expect-error params are required
  await api('getApiDevicesByDeviceId');
  // @ts-expect-error wrong body
  await api('postApiDrills', { body: { nope: 1 } });
  await api('putApiScenariosByScenarioId', { params: { scenarioId: 'x' }, raw: 'id: x' });
}
