// The server side of a bootstrapped page, as your app's server does it (Node, statsig-node):
// evaluate the user with Statsig's server SDK and write the values into the page, so the
// browser is ready at once, with no request to Statsig. The README's recipe is this file.
import { getCookieName, getUUID } from '@statsig/js-client';
import Statsig from 'statsig-node';

/**
 * Starts statsig-node once. Online: your server secret. Offline (tests, CI, the demo): the
 * project's config specs, in local mode, with no network at all.
 */
export function startStatsig({ serverSecret, configSpecs }) {
  return serverSecret
    ? Statsig.initialize(serverSecret)
    : Statsig.initialize('secret-local', {
        localMode: true,
        bootstrapValues: configSpecs,
        disableDiagnostics: true,
      });
}

/**
 * The browser's stableID: the Statsig SDK keeps it in a cookie of its own when the client has
 * `enableCookies: true`; on a first visit there is none yet, so the server makes one and the
 * SDK adopts it from the user's customIDs. Evaluating with the browser's stableID is what
 * makes exposures say `Bootstrap:Recognized` (not `BootstrapStableIDMismatch`).
 */
export function stableIDFrom(cookieHeader, clientKey) {
  const name = getCookieName(clientKey);
  for (const cookie of (cookieHeader ?? '').split(';')) {
    const [key, ...value] = cookie.trim().split('=');
    if (key === name && value.length) return decodeURIComponent(value.join('='));
  }
  return getUUID();
}

/** A <script> that gives the page its Statsig user and values (escaped for HTML). */
export function bootstrapScript(user, clientKey) {
  // hash: 'none' gives real gate and experiment names to the plugin's initialize events.
  const values = Statsig.getClientInitializeResponse(user, clientKey, { hash: 'none' });
  const json = JSON.stringify({ user, values }).replace(/</g, '\\u003c');
  return `<script>window.STATSIG_BOOTSTRAP = ${json};</script>`;
}
