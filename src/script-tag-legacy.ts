// Script-tag entry for statsig-js (`window.statsig`): a file of its own, so pages on the
// current SDK never carry the legacy adapter. With the zero-code switch (auto) it wraps
// `window.statsig` when the page has it (this tag after statsig-js's).
import { autoConfig } from './auto';
import { getWindow } from './environment';
import { exportToWindow } from './script-tag-global';
import { wrapStatsig } from './statsig-js-wrapper';

const config = autoConfig();
const statsig = config && (getWindow() as { statsig?: object } | undefined)?.statsig;
exportToWindow(statsig ? { wrapStatsig, auto: wrapStatsig(statsig, config) } : { wrapStatsig });
