// A server component: it evaluates the user with statsig-node and hands plain data (the user
// and the values) to the client component that owns the plugin.
import { getCookieName, getUUID } from '@statsig/js-client';
import { cookies } from 'next/headers';
import { clientValues } from '../lib/statsig-server';
import { Checkout } from './checkout';
import { HeapCalls } from './heap-calls';
import { StatsigHeapProvider } from './statsig-heap-provider';

export const dynamic = 'force-dynamic'; // per request: each user has their own values

const CLIENT_KEY = process.env['STATSIG_CLIENT_KEY'] ?? 'client-demo-local';

export default async function Page() {
  // The browser's stableID, so that Statsig says Bootstrap:Recognized: the SDK keeps it in
  // this cookie (enableCookies); on a first visit the server makes one and the SDK adopts it.
  const stableID = (await cookies()).get(getCookieName(CLIENT_KEY))?.value ?? getUUID();
  const user = {
    userID: 'grace',
    email: 'grace@example.com',
    custom: { plan: 'pro' },
    customIDs: { stableID },
  };
  const values = await clientValues(user, CLIENT_KEY);
  return (
    <main>
      <h1>Next.js App Router</h1>
      <p className="lead">
        The page (a server component) evaluated this user with <code>statsig-node</code>; a client
        component owns the plugin and bootstraps Statsig with <code>useClientBootstrapInit</code>.
      </p>
      <div className="panels">
        <section>
          <h2>Try it</h2>
          <StatsigHeapProvider
            clientKey={CLIENT_KEY}
            user={user}
            values={values}
            api={process.env['STATSIG_API']}
          >
            <Checkout />
          </StatsigHeapProvider>
        </section>
        <section>
          <h2>What Heap received</h2>
          <HeapCalls />
        </section>
      </div>
    </main>
  );
}
