import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A local Statsig stand-in on 127.0.0.1: answers the SDK's own `/v1/initialize` with the values
 * chosen for the requesting user, and records `/v1/rgstr` log batches. `failLogs` makes the
 * next N log requests fail with a retryable 503, as Statsig's servers sometimes do.
 */
export interface StatsigStandIn {
  api: string;
  logged: { eventName: string }[][];
  initializeRequests: number;
  failLogs: number;
  close(): Promise<void>;
}

function body(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    let text = '';
    req.setEncoding('utf8');
    req.on('data', (chunk) => {
      text += chunk;
    });
    req.on('end', () => resolve(text));
    req.on('error', reject);
  });
}

export async function startStatsigStandIn(
  valuesFor: (user: Record<string, unknown>) => object,
): Promise<StatsigStandIn> {
  const state = { logged: [] as { eventName: string }[][], initializeRequests: 0, failLogs: 0 };
  const server: Server = createServer(async (req, res) => {
    const text = await body(req);
    const headers = { 'content-type': 'application/json', 'access-control-allow-origin': '*' };
    // statsig-js encodes its initialize body in browsers (base64, reversed), as Statsig accepts.
    const json =
      text.trimStart().startsWith('{') || !text
        ? text
        : Buffer.from([...text].reverse().join(''), 'base64').toString('utf8');
    const parsed = json ? JSON.parse(json) : {};
    if (req.url?.startsWith('/v1/initialize')) {
      state.initializeRequests++;
      res.writeHead(200, headers).end(JSON.stringify(valuesFor(parsed.user ?? {})));
    } else if (req.url?.startsWith('/v1/rgstr')) {
      if (state.failLogs > 0) {
        state.failLogs--;
        res.writeHead(503, headers).end('{}');
        return;
      }
      state.logged.push(parsed.events ?? []);
      res.writeHead(202, headers).end('{"success":true}');
    } else {
      res.writeHead(404, headers).end('{}');
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return Object.assign(state, {
    api: `http://127.0.0.1:${port}/v1`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  });
}
