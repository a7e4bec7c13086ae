// Lists what Heap receives on an example page: the local Heap stand-in calls
// window.onHeapCall for each call, in order, after replaying the snippet's queue. Each entry
// opens to show the whole payload.
(() => {
  /** Text that may wrap after `_`, `.`, `(` and `:` (names are long; never mid-word). */
  const breakable = (text) => {
    const fragment = document.createDocumentFragment();
    for (const part of String(text).split(/(?<=[_.(:,])/)) {
      if (fragment.childNodes.length) fragment.appendChild(document.createElement('wbr'));
      fragment.appendChild(document.createTextNode(part));
    }
    return fragment;
  };
  const label = (value) => (typeof value === 'string' ? value : JSON.stringify(value));
  document.addEventListener('DOMContentLoaded', () => {
    for (const button of document.querySelectorAll('.actions button')) {
      button.replaceChildren(breakable(button.textContent));
    }
  });
  window.onHeapCall = (call) => {
    const list = document.getElementById('calls');
    if (!list) return;
    document.getElementById('calls-empty')?.remove();
    const item = document.createElement('li');
    const [first, props] = call.args;
    const summary = document.createElement('summary');
    const method = document.createElement('span');
    method.className = 'method';
    method.textContent = `heap.${call.method} `;
    const name = document.createElement('span');
    name.className = 'name';
    name.append(breakable(label(first) ?? ''));
    summary.append(method, name);
    if (props && typeof props === 'object') {
      const details = document.createElement('details');
      const count = Object.keys(props).length;
      const hint = document.createElement('span');
      hint.className = 'hint';
      hint.textContent = ` ${count} ${count === 1 ? 'property' : 'properties'}`;
      summary.append(hint);
      const payload = document.createElement('pre');
      payload.className = 'props';
      payload.textContent = JSON.stringify(props, null, 2);
      details.append(summary, payload);
      item.append(details);
    } else {
      item.append(...summary.childNodes);
    }
    list.append(item);
  };
})();
