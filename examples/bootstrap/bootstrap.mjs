// The server side of a bootstrapped page, as your app's server would do it (Node, statsig-node):
// evaluate the user with Statsig's server SDK and hand the values to the page, so the browser
// never waits on a request to Statsig. The demo server runs it on the sample project, offline.
import Statsig from 'statsig-node';

/** A <script> that gives the page its Statsig user and values (escaped for HTML). */
export function bootstrapScript(user, clientKey) {
  const values = Statsig.getClientInitializeResponse(user, clientKey, { hash: 'none' });
  const json = JSON.stringify({ user, values }).replace(/</g, '\\u003c');
  return `<script>window.STATSIG_BOOTSTRAP = ${json};</script>`;
}
