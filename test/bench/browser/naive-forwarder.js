// The bench's yardstick: the 20-line synchronous forwarder anyone would write first. It calls
// Heap inside the app's own check, as every peer's integration does (GrowthBook's
// trackingCallback, LaunchDarkly's inspectors): each event the SDK's logger keeps, flattened
// by dot path as Heap needs it (the same properties the plugin sends), and the maps on values
// ready.
window.naiveForwarder = {
  __plugin: 'naive',
  bind(client) {
    const flatten = (value, path = '', into = {}) => {
      if (value && typeof value === 'object') {
        for (const [key, item] of Object.entries(value))
          flatten(item, path ? `${path}.${key}` : key, into);
      } else if (value !== undefined && value !== null && value !== '') into[path] = value;
      return into;
    };
    const logger = Object.values(client).find((v) => typeof v?.enqueue === 'function');
    const enqueue = logger.enqueue;
    logger.enqueue = function (event) {
      const user = event.user;
      enqueue.call(this, event);
      if (event.user === user) return;
      const { eventName, time, value, metadata, statsigMetadata } = event;
      window.heap.track(
        eventName,
        flatten({
          userID: user.userID,
          timestamp: time,
          value,
          metadata,
          user: event.user,
          statsigMetadata,
        }),
      );
    };
    client.on('values_updated', ({ status }) => {
      const values = status === 'Ready' && client.getContextHandle().values;
      if (!values) return;
      const gates = {};
      for (const [name, gate] of Object.entries(values.feature_gates)) gates[name] = gate.value;
      window.heap.track('Statsig Feature Gates', gates);
      const experiments = {};
      for (const [name, exp] of Object.entries(values.dynamic_configs)) {
        if (exp.group_name) experiments[name] = exp.group_name;
      }
      window.heap.track('Statsig Experiments', experiments);
    });
  },
};
