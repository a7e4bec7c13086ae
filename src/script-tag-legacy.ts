// Script-tag entry for statsig-js (`window.statsig`): a file of its own, so pages on the
// current SDK never carry the legacy adapter.
import { exportToWindow } from './script-tag-global';
import { wrapStatsig } from './statsig-js-wrapper';

exportToWindow({ wrapStatsig });
