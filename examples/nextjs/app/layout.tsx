import type { ReactNode } from 'react';

// Heap's classic snippet, as Heap's installation page gives it, loading Heap's library (the
// local stand-in under `npm run demo`, through HEAP_SCRIPT_URL).
const HEAP_APP_ID = process.env['HEAP_APP_ID'] ?? '1234567890';
const HEAP_SRC =
  process.env['HEAP_SCRIPT_URL'] ?? `https://cdn.heapanalytics.com/js/heap-${HEAP_APP_ID}.js`;
const heapSnippet = `window.heap=window.heap||[],heap.load=function(e,t){window.heap.appid=e,window.heap.config=t=t||{};var r=document.createElement("script");r.type="text/javascript",r.async=!0,r.src=${JSON.stringify(HEAP_SRC)};var a=document.getElementsByTagName("script")[0];a.parentNode.insertBefore(r,a);for(var n=function(e){return function(){heap.push([e].concat(Array.prototype.slice.call(arguments,0)))}},p=["addEventProperties","addUserProperties","clearEventProperties","identify","resetIdentity","removeEventProperty","setEventProperties","track","unsetEventProperty"],o=0;o<p.length;o++)heap[p[o]]=n(p[o])};heap.load(${JSON.stringify(HEAP_APP_ID)});`;

export const metadata = { title: 'statsig-heap: Next.js App Router' };

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en">
      <head>
        <link rel="stylesheet" href="/examples/example.css" />
        {/* biome-ignore lint/security/noDangerouslySetInnerHtml: Heap's own snippet */}
        <script dangerouslySetInnerHTML={{ __html: heapSnippet }} />
      </head>
      <body>{children}</body>
    </html>
  );
}
