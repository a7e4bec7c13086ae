import { HEAP_VERSION } from './heap-server';

/**
 * Heap's v5 snippet as Heap ships it, except that its loader is the local /heap_config.js,
 * then `heap.load` pointed at the local server. A page runs it as an inline script.
 * `logLevel: 'info'` makes heap.js log why it drops what it drops (not a behaviour change).
 */
export function heapV5Snippet(envId: string, base: string): string {
  const config = {
    ingestServer: base,
    sdk: { domain: base, version: HEAP_VERSION },
    logLevel: 'info',
  };
  return [
    'window.heapReadyCb=window.heapReadyCb||[],window.heap=window.heap||[],heap.load=function(e,t){window.heap.envId=e,window.heap.clientConfig=t=t||{},window.heap.clientConfig.shouldFetchServerConfig=!1;var a=document.createElement("script");a.type="text/javascript",a.async=!0,a.src="/heap_config.js";var r=document.getElementsByTagName("script")[0];r.parentNode.insertBefore(a,r);var n=["init","startTracking","stopTracking","track","resetIdentity","identify","getSessionId","getUserId","getIdentity","addUserProperties","addEventProperties","removeEventProperty","clearEventProperties","addAccountProperties","addAdapter","addTransformer","addTransformerFn","onReady","addPageviewProperties","removePageviewProperty","clearPageviewProperties","trackPageview"],i=function(e){return function(){var t=Array.prototype.slice.call(arguments,0);window.heapReadyCb.push({name:e,fn:function(){heap[e]&&heap[e].apply(heap,t)}})}};for(var p=0;p<n.length;p++)heap[n[p]]=i(n[p])};',
    `heap.load(${JSON.stringify(envId)}, ${JSON.stringify(config)});`,
  ].join('\n');
}
