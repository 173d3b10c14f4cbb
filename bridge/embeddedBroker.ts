// The one-machine default: an aedes MQTT broker inside the twin's process.
import { createServer, type AddressInfo, type Server } from 'node:net';
import { Aedes } from 'aedes';

export interface EmbeddedBroker { url: string; port: number; close(): Promise<void> }

export class PortInUseError extends Error {
  constructor(readonly port: number, readonly variable: string) {
    super(`port ${port} is already in use (${variable}); stop whatever holds it or choose another port`);
  }
}

/** Listens on `port` (0 picks a free one) on all interfaces, so devices on the LAN can reach it. */
export async function startEmbeddedBroker(port: number, host = '0.0.0.0'): Promise<EmbeddedBroker> {
  const aedes = await Aedes.createBroker();
  const server: Server = createServer({ noDelay: true }, aedes.handle); // alarms must not wait on Nagle
  await new Promise<void>((resolve, reject) => {
    server.once('error', (err: NodeJS.ErrnoException) => {
      aedes.close();
      reject(err.code === 'EADDRINUSE' ? new PortInUseError(port, 'MQTT_PORT') : err);
    });
    server.listen(port, host, () => resolve());
  });
  const actual = (server.address() as AddressInfo).port;
  return {
    url: `mqtt://127.0.0.1:${actual}`,
    port: actual,
    close: () => new Promise<void>((resolve) => {
      server.close(() => resolve());
      aedes.close();
      // Connected clients keep the server open; aedes.close ends them.
    }),
  };
}
