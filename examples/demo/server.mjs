// `npm run demo`: serves the demo page and the examples on 127.0.0.1, backed by a local
// Statsig stand-in (statsig-node evaluating examples/sample-project) and a Heap stand-in,
// so it runs with no account and no network. `npm run demo:serve` serves again without
// building. With STATSIG_CLIENT_KEY and HEAP_APP_ID set, the same page talks to the real
// services.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { bootstrapScript, stableIDFrom } from '../bootstrap/bootstrap.mjs';
import { CONFIG_SPECS, initializeValues, startEvaluator } from '../sample-project/evaluate.mjs';
import { listen, statsigStandIn } from './statsig-stand-in.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const portArg = process.argv.indexOf('--port');
const port = Number(portArg > 0 ? process.argv[portArg + 1] : (process.env.PORT ?? 4173));
const real = Boolean(process.env.STATSIG_CLIENT_KEY && process.env.HEAP_APP_ID);
const NEXT_DIR = join(root, 'examples/nextjs');

/** Every file the server will send: nothing outside this list is reachable. */
const files = {
  '/': ['examples/demo/index.html', 'text/html'],
  '/index.html': ['examples/demo/index.html', 'text/html'],
  '/demo.css': ['examples/demo/demo.css', 'text/css'],
  '/demo.js': ['examples/demo/demo.js', 'text/javascript'],
  '/heap-stand-in.js': ['examples/demo/heap-stand-in.js', 'text/javascript'],
  '/statsig-heap.min.js': ['dist/statsig-heap.min.js', 'text/javascript'],
  '/statsig-heap-legacy.min.js': ['dist/statsig-heap-legacy.min.js', 'text/javascript'],
  '/vendor/statsig-js-client.min.js': [
    'node_modules/@statsig/js-client/build/statsig-js-client.min.js',
    'text/javascript',
  ],
  '/vendor/statsig-js-on-device-eval-client.min.js': [
    'node_modules/@statsig/js-on-device-eval-client/build/statsig-js-on-device-eval-client.min.js',
    'text/javascript',
  ],
  '/vendor/statsig-js.min.js': [
    'node_modules/statsig-js/build/statsig-prod-web-sdk.js',
    'text/javascript',
  ],
  '/examples/': ['examples/index.html', 'text/html'],
  '/examples/script-tag-classic.html': ['examples/script-tag-classic.html', 'text/html'],
  '/examples/script-tag-v5.html': ['examples/script-tag-v5.html', 'text/html'],
  '/examples/statsig-js-script-tag.html': ['examples/statsig-js-script-tag.html', 'text/html'],
  '/examples/on-device-script-tag.html': ['examples/on-device-script-tag.html', 'text/html'],
  '/examples/example.css': ['examples/example.css', 'text/css'],
  '/examples/heap-calls.js': ['examples/heap-calls.js', 'text/javascript'],
  '/examples/sample-project/config-specs.json': [
    'examples/sample-project/config-specs.json',
    'application/json',
  ],
  '/examples/npm-esm/': ['examples/npm-esm/index.html', 'text/html'],
  '/examples/npm-esm/bundle.js': ['examples/npm-esm/dist/bundle.js', 'text/javascript'],
  '/examples/react/': ['examples/react/index.html', 'text/html'],
  '/examples/react/bundle.js': ['examples/react/dist/bundle.js', 'text/javascript'],
  '/examples/react-bootstrap/bundle.js': [
    'examples/react-bootstrap/dist/bundle.js',
    'text/javascript',
  ],
};

/** Pages the server renders with the user's Statsig values in them, as an app's server does. */
const bootstrapped = {
  '/examples/bootstrap/': {
    file: 'examples/bootstrap/index.html',
    user: { userID: 'frank', email: 'frank@example.com', custom: { plan: 'enterprise' } },
  },
  '/examples/react-bootstrap/': {
    file: 'examples/react-bootstrap/index.html',
    user: { userID: 'ivan', email: 'ivan@example.com', custom: { plan: 'pro' } },
  },
};

const config = {
  real,
  clientKey: real ? process.env.STATSIG_CLIENT_KEY : 'client-demo-local',
  heapAppId: real ? process.env.HEAP_APP_ID : '1234567890',
};

/** The Next.js example's request handler, once `npm run build:next` has built it. */
async function startNext(url) {
  if (!existsSync(join(NEXT_DIR, '.next/BUILD_ID'))) return undefined;
  if (!real) {
    // What the example reads from its environment; on your site Statsig's and Heap's defaults.
    process.env.STATSIG_API = `${url}v1`;
    process.env.HEAP_SCRIPT_URL = '/heap-stand-in.js';
  }
  process.env.STATSIG_CLIENT_KEY ??= config.clientKey;
  const { default: next } = await import('next');
  const app = next({ dir: NEXT_DIR, dev: false, quiet: true });
  await app.prepare();
  return app.getRequestHandler();
}

function serveFile(req, res, nextHandler) {
  const path = (req.url ?? '/').split('?')[0];
  if (path === '/favicon.ico') return res.writeHead(204).end();
  if (path === '/demo-config.js') {
    res.writeHead(200, { 'content-type': 'text/javascript', 'cache-control': 'no-store' });
    return res.end(`window.DEMO_CONFIG = ${JSON.stringify(config)};`);
  }
  if (path === '/examples/nextjs' || path.startsWith('/examples/nextjs/')) {
    if (nextHandler) return nextHandler(req, res);
    res.writeHead(503, { 'content-type': 'text/plain; charset=utf-8' });
    return res.end(
      'The Next.js example is not built: npm run build:next, then npm run demo:serve.',
    );
  }
  const page = bootstrapped[path];
  if (page) {
    // The browser's stableID (the SDK's cookie, or a new one), so that Statsig recognizes it.
    const user = {
      ...page.user,
      customIDs: { stableID: stableIDFrom(req.headers.cookie, config.clientKey) },
    };
    const html = readFileSync(join(root, page.file), 'utf8');
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
    return res.end(
      html.replace('<!--STATSIG_BOOTSTRAP-->', bootstrapScript(user, config.clientKey)),
    );
  }
  const entry = files[path];
  const file = entry && join(root, entry[0]);
  if (!entry || !existsSync(file)) return res.writeHead(404).end('not found');
  res.writeHead(200, { 'content-type': `${entry[1]}; charset=utf-8`, 'cache-control': 'no-store' });
  res.end(readFileSync(file));
}

/** Starts the demo server; port 0 picks a free one. Returns the server and its URL. */
export async function startDemo(listenPort = port) {
  // Statsig's server SDK evaluates the sample project for each /v1/initialize, as Statsig would.
  await startEvaluator();
  let nextHandler;
  const { handle } = statsigStandIn(
    initializeValues,
    (req, res) => serveFile(req, res, nextHandler),
    CONFIG_SPECS,
  );
  const server = await listen(handle, listenPort);
  const url = `http://127.0.0.1:${server.address().port}/`;
  nextHandler = await startNext(url);
  return { server, url, next: Boolean(nextHandler) };
}

/**
 * npm starts the server through a shell, and stopping npm by its PID (`kill $!`) does not
 * stop that shell's child: the server would keep the port. It stops when it is orphaned.
 */
function stopWithParent() {
  const parent = process.ppid;
  setInterval(() => process.ppid !== parent && process.exit(0), 500).unref();
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  if (!existsSync(join(root, 'dist/statsig-heap.min.js'))) {
    console.error(
      'dist/statsig-heap.min.js is missing: run `npm run build` first (npm run demo does).',
    );
    process.exit(1);
  }
  stopWithParent();
  const { url, next } = await startDemo().catch((error) => {
    console.error(
      `Cannot listen on 127.0.0.1:${port} (${error.code}). Try: npm run demo -- --port 4174`,
    );
    process.exit(1);
  });
  console.log(`statsig-heap demo: ${url} (pid ${process.pid}; Ctrl+C stops it)`);
  console.log(`examples:          ${url}examples/`);
  if (!next) console.log('Next.js example:   not built (npm run build:next)');
  console.log(
    real
      ? 'Using the real Statsig and Heap.'
      : 'Local Statsig and Heap stand-ins (set STATSIG_CLIENT_KEY and HEAP_APP_ID for the real ones).',
  );
}
