// A local stand-in for Statsig's client API, for the demo and the tests: answers the SDKs'
// own POST /v1/initialize with values for the requesting user, GET /v1/download_config_specs
// (the on-device client's rules) with the project's config specs, and records POST /v1/rgstr.
// Both SDKs reach it through their normal network code (their `api` / `networkConfig.api`).
import { createServer } from 'node:http';

function readBody(req) {
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

/** statsig-js encodes its initialize body in browsers (base64, reversed), as Statsig accepts. */
function parseBody(text) {
  if (!text) return {};
  const json = text.trimStart().startsWith('{')
    ? text
    : Buffer.from([...text].reverse().join(''), 'base64').toString('utf8');
  return JSON.parse(json);
}

const CORS = {
  'access-control-allow-origin': '*',
  'access-control-allow-headers': '*',
  'access-control-allow-methods': 'POST, GET, OPTIONS',
};

/**
 * Returns a request handler plus its state. `valuesFor(user, hash)` builds the initialize
 * response for the requesting user and hash algorithm (`djb2`, the SDKs' default, or `none`);
 * `state.failLogs = N` makes the next N log requests fail with a retryable 503.
 * Requests other than /v1/* are passed to `fallback(req, res)`. `configSpecs` (a JSON string)
 * answers /v1/download_config_specs; without it that endpoint is a 404, as for an unknown key.
 */
export function statsigStandIn(valuesFor, fallback, configSpecs) {
  const state = { logged: [], initializeRequests: 0, failLogs: 0 };
  const handle = async (req, res) => {
    const path = (req.url ?? '').split('?')[0];
    if (!path.startsWith('/v1/')) return fallback ? fallback(req, res) : res.writeHead(404).end();
    if (req.method === 'OPTIONS') return res.writeHead(204, CORS).end();
    const headers = { ...CORS, 'content-type': 'application/json' };
    if (path.startsWith('/v1/download_config_specs') && configSpecs) {
      return res.writeHead(200, headers).end(configSpecs);
    }
    let body;
    try {
      body = parseBody(await readBody(req));
    } catch {
      return res.writeHead(400, headers).end('{}');
    }
    if (path === '/v1/initialize') {
      state.initializeRequests++;
      return res
        .writeHead(200, headers)
        .end(JSON.stringify(valuesFor(body.user ?? {}, body.hash ?? 'djb2')));
    }
    if (path === '/v1/rgstr' || path === '/v1/log_event') {
      if (state.failLogs > 0) {
        state.failLogs--;
        return res.writeHead(503, headers).end('{}');
      }
      state.logged.push(body.events ?? []);
      return res.writeHead(202, headers).end('{"success":true}');
    }
    return res.writeHead(404, headers).end('{}');
  };
  return { state, handle };
}

/** Starts a server on 127.0.0.1 (port 0: any free port). */
export async function listen(handler, port = 0) {
  const server = createServer((req, res) => {
    Promise.resolve(handler(req, res)).catch(() => {
      if (!res.headersSent) res.writeHead(500);
      res.end();
    });
  });
  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', resolve);
  });
  return server;
}
