import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import type { StatsigHeapOptions } from '../src';
import {
  type HeapLibrary,
  installClassicSnippet,
  loadHeapLibrary,
  removeHeap,
} from './support/heap-stand-in';
import { jsClientDriver, type SdkDriver, statsigJsDriver } from './support/sdk-drivers';
import { initializeResponse, USER, USER_2 } from './support/statsig-values';

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

const u1 = {
  userID: 'u1',
  'user.userID': 'u1',
  'user.email': 'ada@example.com',
  'user.custom.plan': 'pro',
  'user.customIDs.companyID': 'c1',
};
const noInit = { initializeEvents: false };

const cases: Case[] = [
  {
    name: 'initialize, unhashed values',
    act: () => {},
    expected: [
      ['Statsig Feature Gates', { my_gate: true, off_gate: false, company_gate: true }],
      ['Statsig Experiments', { my_exp: 'Test' }],
    ],
  },
  {
    name: 'initialize, djb2-hashed values named through the options',
    hashed: true,
    options: { gates: ['my_gate', 'company_gate'], experiments: ['my_exp'] },
    act: () => {},
    expected: [
      ['Statsig Feature Gates', { my_gate: true, company_gate: true }],
      ['Statsig Experiments', { my_exp: 'Test' }],
    ],
  },
  {
    name: 'gate checks, repeated and not logged',
    options: noInit,
    act: (sdk) => {
      sdk.checkGate('my_gate');
      sdk.checkGate('my_gate');
      sdk.checkGateNoExposure('off_gate');
      sdk.checkGate('company_gate');
    },
    expected: [
      [
        'statsig::gate_exposure',
        {
          ...u1,
          unitID: 'userID',
          'metadata.gate': 'my_gate',
          'metadata.gateValue': 'true',
          'metadata.ruleID': 'rule1',
        },
      ],
      [
        'statsig::gate_exposure',
        {
          ...u1,
          unitID: 'companyID',
          'metadata.gate': 'company_gate',
          'metadata.gateValue': 'true',
          'metadata.ruleID': 'rule3',
        },
      ],
    ],
  },
  {
    name: 'experiments and configs',
    options: noInit,
    act: (sdk) => {
      sdk.getExperiment('my_exp');
      sdk.getExperimentNoExposure('other_exp');
      sdk.getConfig('plain_config');
      sdk.getExperiment('other_exp');
    },
    expected: [
      [
        'statsig::experiment_exposure',
        {
          ...u1,
          unitID: 'userID',
          'metadata.config': 'my_exp',
          'metadata.ruleID': 'r2',
          'metadata.experimentGroupName': 'Test',
        },
      ],
      [
        'statsig::config_exposure',
        { ...u1, unitID: 'userID', 'metadata.config': 'plain_config', 'metadata.ruleID': 'r4' },
      ],
      [
        'statsig::experiment_exposure',
        {
          ...u1,
          unitID: 'stableID',
          'metadata.config': 'other_exp',
          'metadata.ruleID': 'layerAssignment',
        },
      ],
    ],
  },
  {
    name: 'layer parameters: getLayer alone and disabled logging send nothing',
    options: noInit,
    act: (sdk) => {
      sdk.getLayerNoExposure('my_layer').get('title');
      const layer = sdk.getLayer('my_layer');
      layer.get('title');
      layer.get('title');
      layer.get('size');
    },
    expected: [
      [
        'statsig::layer_exposure',
        {
          ...u1,
          unitID: 'userID',
          'metadata.config': 'my_layer',
          'metadata.ruleID': 'r5',
          'metadata.parameterName': 'title',
          'metadata.allocatedExperiment': 'layer_exp',
          'metadata.isExplicitParameter': 'true',
        },
      ],
      [
        'statsig::layer_exposure',
        {
          ...u1,
          unitID: 'userID',
          'metadata.config': 'my_layer',
          'metadata.ruleID': 'r5',
          'metadata.parameterName': 'size',
          'metadata.allocatedExperiment': '',
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
      ['purchase', { ...u1, value: 9.5, 'metadata.sku': 'A1' }],
      ['signup', { ...u1, value: 'pro' }],
    ],
  },
  {
    name: 'a user update: the new user’s maps, exposures again (de-duplication resets), new userID',
    act: async (sdk) => {
      sdk.checkGate('my_gate');
      await sdk.updateUser(USER_2, initializeResponse({ user: USER_2, variant: 'b' }));
      sdk.checkGate('my_gate');
    },
    expected: [
      ['Statsig Feature Gates', { my_gate: true, off_gate: false, company_gate: true }],
      ['Statsig Experiments', { my_exp: 'Test' }],
      [
        'statsig::gate_exposure',
        {
          ...u1,
          unitID: 'userID',
          'metadata.gate': 'my_gate',
          'metadata.gateValue': 'true',
          'metadata.ruleID': 'rule1',
        },
      ],
      ['Statsig Feature Gates', { my_gate: false, off_gate: false, company_gate: true }],
      ['Statsig Experiments', { my_exp: 'Control' }],
      [
        'statsig::gate_exposure',
        {
          userID: 'u2',
          'user.userID': 'u2',
          'user.custom.plan': 'free',
          unitID: 'userID',
          'metadata.gate': 'my_gate',
          'metadata.gateValue': 'false',
          'metadata.ruleID': 'default',
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
