'use client';
// The page's list of what Heap received (npm run demo only: the local Heap stand-in records
// each call in window.__heapCalls and reports it to window.onHeapCall). Not needed on your site.
import { useEffect, useState } from 'react';

type HeapCall = { method: string; args: unknown[] };
declare global {
  interface Window {
    __heapCalls?: HeapCall[];
    onHeapCall?: (call: HeapCall) => void;
  }
}

export function HeapCalls() {
  const [calls, setCalls] = useState<HeapCall[]>([]);
  useEffect(() => {
    setCalls([...(window.__heapCalls ?? [])]);
    window.onHeapCall = (call) => setCalls((list) => [...list, call]);
    return () => {
      window.onHeapCall = undefined;
    };
  }, []);
  if (calls.length === 0) {
    return (
      <ol className="calls" id="calls">
        <li className="empty">Nothing yet.</li>
      </ol>
    );
  }
  return (
    <ol className="calls" id="calls">
      {calls.map(({ method, args: [first, props] }, i) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: the list only grows
        <li key={i}>
          <details>
            <summary>
              <span className="method">heap.{method}</span>{' '}
              <span className="name">
                {typeof first === 'string' ? first : JSON.stringify(first)}
              </span>
            </summary>
            {props !== undefined && <pre className="props">{JSON.stringify(props, null, 2)}</pre>}
          </details>
        </li>
      ))}
    </ol>
  );
}
