// Plays the part of Heap's library on locally served pages: the Heap snippets load this file
// where they would load Heap's script from its CDN. Like Heap's library it replaces the stub,
// replays what the classic snippet queued on `window.heap` and what the v5 snippet queued on
// `window.heapReadyCb`, in order, then records every call; reads (getUserId, ...) answer and are
// not recorded. The page shows them live.
(() => {
  window.__heapCalls = window.__heapCalls || [];
  const calls = window.__heapCalls;
  const previous = window.heap;
  const methods = [
    'track',
    'identify',
    'resetIdentity',
    'addUserProperties',
    'addEventProperties',
    'removeEventProperty',
    'clearEventProperties',
    'setEventProperties',
    'unsetEventProperty',
    'init',
    'startTracking',
    'stopTracking',
    'identifyHashed',
    'addAccountProperties',
    'addAdapter',
    'addTransformer',
    'addTransformerFn',
    'onReady',
    'addPageviewProperties',
    'removePageviewProperty',
    'clearPageviewProperties',
    'trackPageview',
  ];
  const library = { loaded: true, appid: previous?.appid, envId: previous?.envId };
  for (const method of methods) {
    library[method] = (...args) => {
      const call = { method, args: JSON.parse(JSON.stringify(args)) };
      calls.push(call);
      try {
        window.onHeapCall?.(call);
      } catch {
        // the page's display must not break the recording
      }
    };
  }
  // Reads answer as heap.js does and are not calls Heap records: a user id from the start, the
  // identity identify set (null after resetIdentity).
  let identity = null;
  const userId = String(Math.floor(Math.random() * 1e15));
  library.getUserId = () => userId;
  library.getSessionId = () => `session-${userId}`;
  library.getIdentity = () => identity;
  const identify = library.identify;
  library.identify = (id, ...rest) => {
    identity = String(id);
    identify(id, ...rest);
  };
  const resetIdentity = library.resetIdentity;
  library.resetIdentity = (...rest) => {
    identity = null;
    resetIdentity(...rest);
  };
  window.heap = library;
  if (Array.isArray(previous)) {
    for (const queued of previous) {
      if (Array.isArray(queued) && library[queued[0]]) library[queued[0]](...queued.slice(1));
    }
  }
  for (const { fn } of window.heapReadyCb || []) fn();
  window.heapReadyCb = [];
})();
