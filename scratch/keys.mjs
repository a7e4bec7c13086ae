const keyCache = new Map(); let cached = 0;
const join = (key, name) => { if (!key) return name; let names = keyCache.get(key); let j = names?.get(name); if (j === undefined) { j = `${key}.${name}`; if (cached < 2000) { cached++; if (!names) keyCache.set(key, (names = new Map())); names.set(name, j); } } return j; };
function flatten(src, useCache) {
  const out = {};
  const add = (key, v) => {
    if (typeof v === 'object' && v) { for (const n of Object.keys(v)) add(useCache ? join(key, n) : (key ? `${key}.${n}` : n), v[n]); }
    else if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') out[key] = v;
  };
  add('', src);
  return out;
}
const ev = () => ({ userID: 'u1', unitID: 'userID', timestamp: Date.now(), timeUUID: 'x', metadata: { gate: 'g', gateValue: 'true', ruleID: 'r', reason: 'Network:Recognized', lcut: '1', receivedAt: '2' }, user: { userID: 'u1', email: 'a@b', custom: { plan: 'pro' }, customIDs: { companyID: 'c1' } }, statsigMetadata: { stableID: 's' } });
for (const useCache of [false, true, false, true]) {
  const t = performance.now();
  for (let i = 0; i < 200000; i++) flatten(ev(), useCache);
  console.log(useCache ? 'cache' : 'concat', ((performance.now() - t) / 200).toFixed(2), 'µs');
}
