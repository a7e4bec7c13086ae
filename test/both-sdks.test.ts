import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import type { StatsigHeapOptions } from '../src';
import {
  type HeapLibrary,
  installClassicSnippet,
  loadHeapLibrary,
  removeHeap,
} from './support/heap-stand-in';
import { jsClientDriver, type SdkDriver, statsigJsDriver } from './support/sdk-drivers';
import { initializeResponse, USER, USER_2, USER_2_MAPS, USER_MAPS } from './support/statsig-values';

/**
 * One table of app actions, run through both SDKs: each must give Heap the same calls.
 *
 * Where the SDKs differ, the comparison leaves it out on purpose:
 * - metadata.reason: each SDK has its own reason strings ("Bootstrap" vs "...:Recognized");
 * - metadata.time (statsig-js) vs metadata.lcut / receivedAt (js-client): each SDK's own fields;
 * - statsigMetadata: statsig-js knows its sdkType and sdkVersion, js-client only its stableID.
 * Those are checked per SDK in their own suites.
 */
const COMPARED = [
  'userID',
  'unitID',
  'value',
  'metadata.gate',
  'metadata.gateValue',
  'metadata.ruleID',
  'metadata.config',
  'metadata.experimentGroupName',
  'metadata.parameterName',
  'metadata.allocatedExperiment',
  'metadata.isExplicitParameter',
  'metadata.sku',
  'user.userID',
  'user.email',
  'user.custom.plan',
  'user.customIDs.companyID',
];

type Track = [string, Record<string, unknown>];
interface Case {
  name: string;
  options?: StatsigHeapOptions;
  hashed?: boolean;
  act(sdk: SdkDriver): Promise<unknown> | unknown;
  expected: Track[];
}

const ada = {
  userID: 'ada',
  'user.userID': 'ada',
  'user.email': 'ada@example.com',
  'user.custom.plan': 'pro',
  'user.customIDs.companyID': 'acme',
};
const noInit = { initializeEvents: false };

const cases: Case[] = [
  {
    name: 'initialize, unhashed values',
    act: () => {},
    expected: [
      ['Statsig Feature Gates', USER_MAPS.gates],
      ['Statsig Experiments', USER_MAPS.experiments],
    ],
  },
  {
    name: 'initialize, djb2-hashed values named through the options',
    hashed: true,
    options: { gates: ['new_checkout_flow', 'acme_beta'], experiments: ['checkout_button_color'] },
    act: () => {},
    expected: [
      ['Statsig Feature Gates', { new_checkout_flow: true, acme_beta: true }],
      ['Statsig Experiments', { checkout_button_color: 'Blue' }],
    ],
  },
  {
    name: 'gate checks, repeated and not logged',
    options: noInit,
    act: (sdk) => {
      sdk.checkGate('new_checkout_flow');
      sdk.checkGate('new_checkout_flow');
      sdk.checkGateNoExposure('beta_banner');
      sdk.checkGate('acme_beta');
    },
    expected: [
      [
        'statsig::gate_exposure',
        {
          ...ada,
          unitID: 'userID',
          'metadata.gate': 'new_checkout_flow',
          'metadata.gateValue': 'true',
          'metadata.ruleID': 'rollout_50',
        },
      ],
      [
        'statsig::gate_exposure',
        {
          ...ada,
          unitID: 'companyID',
          'metadata.gate': 'acme_beta',
          'metadata.gateValue': 'true',
          'metadata.ruleID': 'acme_only',
        },
      ],
    ],
  },
  {
    name: 'experiments and configs',
    options: noInit,
    act: (sdk) => {
      sdk.getExperiment('checkout_button_color');
      sdk.getExperimentNoExposure('pricing_layout');
      sdk.getConfig('app_settings');
      sdk.getExperiment('pricing_layout');
    },
    expected: [
      [
        'statsig::experiment_exposure',
        {
          ...ada,
          unitID: 'userID',
          'metadata.config': 'checkout_button_color',
          'metadata.ruleID': 'checkout_button_color.Blue',
          'metadata.experimentGroupName': 'Blue',
        },
      ],
      [
        'statsig::config_exposure',
        {
          ...ada,
          unitID: 'userID',
          'metadata.config': 'app_settings',
          'metadata.ruleID': 'default',
        },
      ],
      [
        'statsig::experiment_exposure',
        {
          ...ada,
          unitID: 'stableID',
          'metadata.config': 'pricing_layout',
          'metadata.ruleID': 'default',
        },
      ],
    ],
  },
  {
    name: 'layer parameters: getLayer alone and disabled logging send nothing',
    options: noInit,
    act: (sdk) => {
      sdk.getLayerNoExposure('homepage_layer').get('hero_title');
      const layer = sdk.getLayer('homepage_layer');
      layer.get('hero_title');
      layer.get('hero_title');
      layer.get('footer_text');
    },
    expected: [
      [
        'statsig::layer_exposure',
        {
          ...ada,
          unitID: 'userID',
          'metadata.config': 'homepage_layer',
          'metadata.ruleID': 'homepage_hero_test.Control',
          'metadata.parameterName': 'hero_title',
          'metadata.allocatedExperiment': 'homepage_hero_test',
          'metadata.isExplicitParameter': 'true',
        },
      ],
      [
        'statsig::layer_exposure',
        {
          ...ada,
          unitID: 'userID',
          'metadata.config': 'homepage_layer',
          'metadata.ruleID': 'homepage_hero_test.Control',
          'metadata.parameterName': 'footer_text',
          // '' is blank: Heap drops it, so the plugin leaves it out (contract 3.3).
          'metadata.isExplicitParameter': 'false',
        },
      ],
    ],
  },
  {
    name: 'custom events',
    options: noInit,
    act: (sdk) => {
      sdk.logEvent('purchase', 9.5, { sku: 'A1' });
      sdk.logEvent('signup', 'pro');
    },
    expected: [
      ['purchase', { ...ada, value: 9.5, 'metadata.sku': 'A1' }],
      ['signup', { ...ada, value: 'pro' }],
    ],
  },
  {
    name: 'a user update: the new user’s maps, exposures again (de-duplication resets), new userID',
    act: async (sdk) => {
      sdk.checkGate('new_checkout_flow');
      await sdk.updateUser(USER_2, initializeResponse({ user: USER_2, variant: 'b' }));
      sdk.checkGate('new_checkout_flow');
    },
    expected: [
      ['Statsig Feature Gates', USER_MAPS.gates],
      ['Statsig Experiments', USER_MAPS.experiments],
      [
        'statsig::gate_exposure',
        {
          ...ada,
          unitID: 'userID',
          'metadata.gate': 'new_checkout_flow',
          'metadata.gateValue': 'true',
          'metadata.ruleID': 'rollout_50',
        },
      ],
      ['Statsig Feature Gates', USER_2_MAPS.gates],
      ['Statsig Experiments', USER_2_MAPS.experiments],
      [
        'statsig::gate_exposure',
        {
          userID: 'dan',
          'user.userID': 'dan',
          'user.custom.plan': 'free',
          unitID: 'userID',
          'metadata.gate': 'new_checkout_flow',
          'metadata.gateValue': 'false',
          'metadata.ruleID': 'rollout_50',
        },
      ],
    ],
  },
];

const project = ([name, props]: Track): Track =>
  name.startsWith('Statsig ')
    ? [name, props]
    : [name, Object.fromEntries(COMPARED.filter((k) => k in props).map((k) => [k, props[k]]))];

describe.each([
  { sdk: '@statsig/js-client', makeDriver: jsClientDriver },
  { sdk: 'statsig-js', makeDriver: statsigJsDriver },
])('the same Heap calls from $sdk', ({ makeDriver }) => {
  let heap: HeapLibrary;
  let sdk: SdkDriver;
  beforeEach(() => {
    removeHeap();
    installClassicSnippet();
    heap = loadHeapLibrary();
    sdk = makeDriver();
  });
  afterEach(() => sdk.stop());

  test.each(cases)('$name', async ({ options = {}, hashed, act, expected }) => {
    const handle = await sdk.start(options, USER, initializeResponse({ hashed: !!hashed }));
    await act(sdk);
    expect(heap.tracks().map(project)).toEqual(expected);
    const stats = handle.getStats();
    expect(stats).toMatchObject({
      received: expected.length,
      forwarded: expected.length,
      errors: 0,
    });
    expect(JSON.stringify(heap.calls)).not.toContain('PRIVATE');
  });
});
