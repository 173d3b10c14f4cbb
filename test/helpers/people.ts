// People for tests: log in as the bootstrap admin (ADMIN_PASSWORD of every test twin), add people with
// roles and scopes through the API as an administrator would, and give each a session cookie and a
// personal token — real logins, the same path a browser or a script takes.
import type { StaffRole, PersonScope } from '../../twin-assets/permissions';

export const ADMIN_PASSWORD = 'admin-test-password';

export interface TestPerson { login: string; name: string; id: string; cookie: string; token: string; password: string }

/** POST /api/session: the session cookie (name=value), or the refusal. */
export async function login(httpUrl: string, loginName: string, password: string): Promise<string> {
  const res = await fetch(`${httpUrl}api/session`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ login: loginName, password }) });
  if (res.status !== 200) throw new Error(`login ${loginName}: ${res.status} ${await res.text()}`);
  return res.headers.get('set-cookie')!.split(';')[0]!;
}

const admins = new Map<string, Promise<string>>();
export const adminCookie = (httpUrl: string) => { let c = admins.get(httpUrl); if (!c) { c = login(httpUrl, 'admin', ADMIN_PASSWORD); admins.set(httpUrl, c); } return c; };

let made = 0;
/** A new person with these roles (and scope), logged in, with a personal token. */
export async function addPerson(httpUrl: string, roles: StaffRole[], o: { name?: string; scope?: PersonScope; login?: string } = {}): Promise<TestPerson> {
  const loginName = o.login ?? `${roles[0]!.replace('_', '-')}${++made}-${process.pid}`;
  const password = `pw-${loginName}-secret`;
  const name = o.name ?? `测试人员${made}`;
  const created = await fetch(`${httpUrl}api/users`, { method: 'POST', headers: { cookie: await adminCookie(httpUrl), 'content-type': 'application/json' },
    body: JSON.stringify({ login: loginName, name, password, roles, ...(o.scope ? { scope: o.scope } : {}) }) });
  if (created.status !== 201) throw new Error(`POST /api/users: ${created.status} ${await created.text()}`);
  const { id } = await created.json() as { id: string };
  const cookie = await login(httpUrl, loginName, password);
  const t = await fetch(`${httpUrl}api/tokens`, { method: 'POST', headers: { cookie, 'content-type': 'application/json' }, body: '{}' });
  const { token } = await t.json() as { token: string };
  return { login: loginName, name, id, cookie, token, password };
}

/** An MQTT login as this person: their login and a personal token (what the permission table grants their roles). */
export const mqttLogin = (p: TestPerson) => ({ username: p.login, password: p.token });

/** A session cookie of a new person with these roles: for a page that must be logged in. */
export const sessionAs = async (httpUrl: string, roles: StaffRole[], o: { name?: string; scope?: PersonScope } = {}) => (await addPerson(httpUrl, roles, o)).cookie;
