import { existsSync, readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
// @ts-expect-error the demo's Statsig stand-in is plain JavaScript, shared with the tests
import { statsigStandIn } from '../../../examples/demo/statsig-stand-in.mjs';
import { evaluatedValues, SAMPLE_SPECS } from '../../support/sample-project';
import { decodeBody, INGEST_TYPES, type IngestPath, loadHeapProtos } from './heap-protos';
import { readHeapVendor } from './heap-vendor';

const repo = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
export const HEAP_VERSION = '5.1.1';

/** One POST heap.js made to the ingest endpoint, as bytes and decoded. */
export interface IngestRequest {
  seq: number;
  path: IngestPath;
  body: Buffer;
  decoded: any;
  /** The Heap environment it is for: each test page uses its own, so pages can share a server. */
  envId: string;
}

export interface HeapServer {
  base: string;
  /** Every ingest request so far, in arrival order. */
  requests: IngestRequest[];
  /** Requests that could not be decoded (must stay empty). */
  undecodable: string[];
  /**
   * Statsig's /v1/initialize answers after this many milliseconds (a slow network): the
   * local Statsig stand-in, on the sample project, for pages that initialize over the network.
   */
  initializeDelay: number;
  /**
   * Heap environments whose ingest requests fail (503, nothing recorded): a flaky network, or
   * a page-hide send that a loaded machine or a closed tab cuts.
   */
  refused: Set<string>;
  close(): Promise<void>;
}

/**
 * The test page, with the Statsig CDN build of `sdk` (js-client by default) and, unless
 * `bare` (a tag manager adds it later), statsig-heap's script tag.
 */
const testPage = (sdk: string, bare = false) => `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>statsig-heap and heap.js ${HEAP_VERSION}</title>
<script src="/${sdk}"></script>
${bare ? '' : '<script src="/statsig-heap.min.js"></script>'}
<script src="/page-driver.js"></script>
</head><body><main><h1>statsig-heap with Heap's real library</h1><button id="b">b</button></main></body></html>`;
const PAGES: Record<string, string> = {
  '/': testPage('statsig-js-client.min.js'),
  '/on-device': testPage('statsig-js-on-device-eval-client.min.js'),
  '/bare': testPage('statsig-js-client.min.js', true),
  '/bare-on-device': testPage('statsig-js-on-device-eval-client.min.js', true),
  // Where a test's user goes when they leave the page: nothing of Heap or Statsig on it.
  '/blank': '<!doctype html><title>elsewhere</title><p>elsewhere</p>',
};

function read(req: IncomingMessage): Promise<Buffer> {
  return new Promise((done, fail) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => done(Buffer.concat(chunks)));
    req.on('error', fail);
  });
}

const envOf = (path: IngestPath, decoded: any): string =>
  String(
    path === '/api/capture/v2/track' ? (decoded.events?.[0]?.env_id ?? '') : (decoded.env_id ?? ''),
  );

/**
 * A local server on 127.0.0.1 for Heap's real v5 library: the test page, Heap's loader and
 * heap.js (read from ../shared, never copied), our built script tag, Statsig's CDN build, and
 * Heap's ingest endpoint, which decodes every protobuf body and keeps it.
 */
export async function startHeapServer(): Promise<HeapServer> {
  const vendor = readHeapVendor();
  const root = loadHeapProtos(vendor.protos);
  const built = join(repo, 'dist/statsig-heap.min.js');
  if (!existsSync(built)) throw new Error(`${built} is missing: run npm run build first`);
  const scripts: Record<string, Buffer> = {
    '/heap_config.js': vendor.heapConfigJs,
    [`/v5/heapjs-static/${HEAP_VERSION}/core/heap.js`]: vendor.heapJs,
    '/statsig-heap.min.js': readFileSync(built),
    '/statsig-js-client.min.js': readFileSync(
      join(repo, 'node_modules/@statsig/js-client/build/statsig-js-client.min.js'),
    ),
    '/statsig-js-on-device-eval-client.min.js': readFileSync(
      join(
        repo,
        'node_modules/@statsig/js-on-device-eval-client/build/statsig-js-on-device-eval-client.min.js',
      ),
    ),
    '/page-driver.js': readFileSync(join(repo, 'test/e2e/support/page-driver.js')),
  };
  const statsig = statsigStandIn(
    (user: Record<string, unknown>, hash: 'none' | 'djb2') => evaluatedValues(user, hash),
    undefined,
    SAMPLE_SPECS,
  );
  const requests: IngestRequest[] = [];
  const undecodable: string[] = [];
  const server: Server = createServer(async (req, res) => {
    const path = (req.url ?? '/').split('?')[0] as string;
    if (path.startsWith('/v1/')) {
      if (path === '/v1/initialize' && result.initializeDelay) {
        await new Promise((resolve) => setTimeout(resolve, result.initializeDelay));
      }
      return statsig.handle(req, res);
    }
    if (path in INGEST_TYPES && req.method === 'POST') {
      const body = await read(req);
      try {
        const decoded = decodeBody(root, path as IngestPath, body);
        const envId = envOf(path as IngestPath, decoded);
        if (result.refused.has(envId)) return res.writeHead(503).end();
        requests.push({ seq: requests.length, path: path as IngestPath, body, decoded, envId });
      } catch (error) {
        undecodable.push(`${path}: ${(error as Error).message}`);
      }
      return res.writeHead(200, { 'content-type': 'text/plain' }).end('ok');
    }
    const html = PAGES[path];
    if (html) {
      return res
        .writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' })
        .end(html);
    }
    const script = scripts[path];
    if (script) {
      return res.writeHead(200, { 'content-type': 'text/javascript; charset=utf-8' }).end(script);
    }
    res.writeHead(path === '/favicon.ico' ? 204 : 404).end();
  });
  const result: HeapServer = {
    base: '',
    requests,
    undecodable,
    initializeDelay: 0,
    refused: new Set(),
    close: () =>
      new Promise<void>((done) => {
        server.closeAllConnections();
        server.close(() => done());
      }),
  };
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  result.base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return result;
}
