// `npm test` needs Debian packages: mosquitto and mosquitto-clients (a real broker and CLI), redis-server, nginx-light (the production
// layout's proxy), libxml2-utils (xmllint, for the CAP schema check), jq (the README's own commands), postgresql (the tests' own cluster, made with initdb), chromium (browser tests, the AAR/IP's PDF) and fonts-wqy-microhei (its Chinese). Installs what is missing when
// running as root; otherwise stops with a one-line instruction.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';

const NEEDS = [
  { pkg: 'mosquitto', present: () => has('mosquitto') || existsSync('/usr/sbin/mosquitto') },
  { pkg: 'mosquitto-clients', present: () => has('mosquitto_pub') },
  { pkg: 'libxml2-utils', present: () => has('xmllint') },
  { pkg: 'jq', present: () => has('jq') },
  { pkg: 'redis-server', present: () => has('redis-server') }, // rooms shared across processes (REDIS_URL) // the README's "Try it" uses it, and a test runs that text
  { pkg: 'nginx-light', present: () => has('nginx') || existsSync('/usr/sbin/nginx') }, // deploy/nginx.conf, run in front of two processes
  { pkg: 'postgresql', present: () => existsSync('/usr/lib/postgresql') && readdirSync('/usr/lib/postgresql').some((v) => existsSync(`/usr/lib/postgresql/${v}/bin/initdb`)) }, // the history on PostgreSQL: the tests run their own cluster
  { pkg: 'chromium', present: () => existsSync(process.env.CHROMIUM_PATH ?? '/usr/bin/chromium') },
  // Chinese glyphs for the pages Chromium draws and prints (the AAR/IP's PDF, screenshots): without a CJK font they are boxes.
  { pkg: 'fonts-wqy-microhei', present: () => existsSync('/usr/share/fonts/truetype/wqy/wqy-microhei.ttc') },
];

function has(cmd) {
  return spawnSync('sh', ['-c', `command -v ${cmd}`], { stdio: 'ignore' }).status === 0;
}

const missing = NEEDS.filter((n) => !n.present()).map((n) => n.pkg);
if (missing.length === 0) process.exit(0);

const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
if (!isRoot || !has('apt-get')) {
  console.error(`npm test needs Debian packages that are missing: run "sudo apt-get install -y ${missing.join(' ')}" and try again.`);
  process.exit(1);
}
console.log(`Installing ${missing.join(', ')} from Debian's packages (once)…`);
const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
const run = (args) => spawnSync('apt-get', args, { stdio: 'inherit', env }).status === 0;
if (!run(['update', '-qq']) || !run(['install', '-y', '-qq', '--no-install-recommends', ...missing])) {
  console.error(`apt-get could not install ${missing.join(' ')}; install them by hand and run npm test again.`);
  process.exit(1);
}
// Debian starts a system mosquitto on 1883 after installing it; the tests start their own on free ports.
