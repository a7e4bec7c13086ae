// Lists what Heap receives on an example page: the local Heap stand-in calls
// window.onHeapCall for each call, in order, after replaying the snippet's queue.
(() => {
  const short = (value) => {
    const text = typeof value === 'string' ? value : JSON.stringify(value);
    return text && text.length > 160 ? `${text.slice(0, 157)}…` : text;
  };
  window.onHeapCall = (call) => {
    const list = document.getElementById('calls');
    if (!list) return;
    document.getElementById('calls-empty')?.remove();
    const item = document.createElement('li');
    const [first, props] = call.args;
    const method = document.createElement('span');
    method.className = 'method';
    method.textContent = `heap.${call.method} `;
    const name = document.createElement('span');
    name.className = 'name';
    name.textContent = short(first) ?? '';
    item.append(method, name);
    if (props && typeof props === 'object') {
      const details = document.createElement('span');
      details.className = 'props';
      details.textContent = short(props);
      item.append(details);
    }
    list.append(item);
  };
})();
