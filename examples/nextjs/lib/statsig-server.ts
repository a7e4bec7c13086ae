// Server only: Statsig's server SDK evaluates the user, as your app's server would.
// Online with STATSIG_SERVER_SECRET (your project); offline without it (the sample project's
// rules, in statsig-node's local mode), as `npm run demo` and the tests run it.
import Statsig, { type StatsigUser } from 'statsig-node';
import specs from '../../sample-project/config-specs.json';

let ready: Promise<unknown> | undefined;

function start() {
  const secret = process.env['STATSIG_SERVER_SECRET'];
  ready ??= secret
    ? Statsig.initialize(secret)
    : Statsig.initialize('secret-local', {
        localMode: true,
        bootstrapValues: JSON.stringify(specs),
        disableDiagnostics: true,
      });
  return ready;
}

/** The values a client SDK would get from /v1/initialize for `user`, with real names. */
export async function clientValues(user: StatsigUser, clientKey: string): Promise<string> {
  await start();
  const values = Statsig.getClientInitializeResponse(user, clientKey, { hash: 'none' });
  return JSON.stringify(values);
}
