import { parseProgram } from './program.js';
import type { Program } from './program-schema.js';
import {
  AZURE,
  BIZAPPS,
  M365,
  SECURITY_AZURE,
  SECURITY_M365,
  AZ_ADMIN,
  AZ_ARCHITECT,
  SECURITY_STEP_1,
  SECURITY_STEP_2,
  SECURITY_STEP_3,
  BIZAPPS_INTERMEDIATE,
  BIZAPPS_ADVANCED,
  MW_INTERMEDIATE,
  MW_ADVANCED,
  DATA_AI_PEOPLE,
  MCPP_CERTIFICATIONS,
  MCPP_WORKLOAD_RATES,
} from './mcpp-catalog.js';

/**
 * The default program "mcpp": domain spec §4 (current Microsoft Learn values), enterprise tracks
 * for all six designations and SMB tracks for modern-work and security. Written as data through
 * small builders; programs/mcpp.json is the same program as a file (a spec keeps them equal).
 */

type Json = Record<string, unknown>;
const metric = (
  id: string,
  category: string,
  maxPoints: number,
  components: Json[],
  gates?: Json[],
): Json => ({
  id,
  category,
  maxPoints,
  ...(gates ? { gates } : {}),
  components,
});
const gate = (certifications: string[], atLeast: number): Json => ({ certifications, atLeast });
const people = (certifications: string[], fullAt: number, extra: Json = {}): Json => ({
  kind: 'certifiedPeople',
  certifications,
  fullAt,
  ...extra,
});
const net = (
  source: string,
  workloads: string[],
  per: string,
  measure: string,
  window: string,
  floor: Json,
  fullAt: number,
  combine = 'sum',
): Json => ({
  kind: 'netQualifying',
  source,
  workloads,
  per,
  measure,
  combine,
  window,
  ...floor,
  fullAt,
});
const growth = (
  source: string,
  workloads: string[],
  measure: string,
  window: string,
  mode: string,
  fullAt: number,
  extra: Json = {},
): Json => ({
  kind: 'growth',
  source,
  workloads,
  measure,
  window,
  mode,
  ...extra,
  fullAt,
});

/** The three Azure designations share net adds, usage growth and deployments. */
const azureNetAdds = metric('net-customer-adds', 'performance', 30, [
  net('revenue', AZURE, 'customer', 'amount', 'twoMonths', { atLeast: 1000 }, 3),
]);
const azureUsageGrowth = metric('usage-growth', 'customer-success', 20, [
  growth('revenue', AZURE, 'amount', 'ttm', 'percent', 20, { minCurrent: 1000 }),
]);
const azureDeployments = metric('deployments', 'customer-success', 10, [
  {
    kind: 'distinctWorkloads',
    source: 'revenue',
    workloads: { include: AZURE, exclude: ['azure.virtual-machines', 'azure.vm-licenses'] },
    measure: 'amount',
    window: 'ttm',
    greaterThan: 0,
    fullAt: 5,
  },
]);
const azureSkills = (intermediate: [string[], number], advanced: [string[], number]): Json[] => [
  metric(
    'intermediate-certifications',
    'skilling',
    20,
    [people(intermediate[0], intermediate[1])],
    [gate([AZ_ADMIN], 2)],
  ),
  metric(
    'advanced-certifications',
    'skilling',
    20,
    [people(advanced[0], advanced[1])],
    [gate([AZ_ARCHITECT], 2)],
  ),
];

/** Modern Work: the SMB track differs only in floors and fullAt values (spec §4). */
const modernWork = (smb: boolean): Json[] => [
  metric('net-customer-adds', 'performance', 20, [
    net(
      'usage',
      M365,
      'customer',
      'paidLicenses',
      'month',
      smb ? { atLeast: 11, atMost: 300 } : { greaterThan: 300 },
      smb ? 10 : 5,
      'max',
    ),
  ]),
  metric('intermediate-certifications', 'skilling', 10, [people(MW_INTERMEDIATE, smb ? 2 : 4)]),
  metric('advanced-certifications', 'skilling', 15, [people(MW_ADVANCED, smb ? 1 : 2)]),
  metric('usage-growth', 'customer-success', 30, [
    growth('usage', M365, 'activeUsers', 'month', 'absolute', smb ? 500 : 1000),
  ]),
  metric('deployments', 'customer-success', 25, [
    net('usage', M365, 'customerWorkload', 'activeRatio', 'month', { atLeast: 0.4 }, smb ? 10 : 5),
  ]),
];

const security = (smb: boolean): Json[] => [
  metric('net-customer-adds', 'performance', 20, [
    net('revenue', SECURITY_AZURE, 'customer', 'amount', 'ttm', { atLeast: 600 }, smb ? 5 : 10),
    net(
      'usage',
      SECURITY_M365,
      'customer',
      'paidLicenses',
      'month',
      smb ? { atLeast: 5, atMost: 300 } : { greaterThan: 300 },
      smb ? 5 : 10,
      'max',
    ),
  ]),
  smb
    ? metric(
        'intermediate-certifications',
        'skilling',
        40,
        [
          people(SECURITY_STEP_1, 10, { label: 'step-1 people', maxUnits: 1 }),
          people(SECURITY_STEP_2, 10, { label: 'step-2 people', maxUnits: 1 }),
          people(SECURITY_STEP_3, 5, { label: 'step-3 people' }),
        ],
        [gate(SECURITY_STEP_1, 1), gate(SECURITY_STEP_2, 1)],
      )
    : metric(
        'intermediate-certifications',
        'skilling',
        40,
        [people(SECURITY_STEP_3, 6)],
        [gate(SECURITY_STEP_1, 2), gate(SECURITY_STEP_2, 2)],
      ),
  metric('deployments', 'customer-success', 20, [
    net(
      'revenue',
      SECURITY_AZURE,
      'customer',
      'amount',
      'ttm',
      smb ? { greaterThan: 750, atMost: 12000 } : { greaterThan: 12000 },
      6,
    ),
    net('usage', SECURITY_M365, 'customer', 'activeRatio', 'month', { atLeast: 0.15 }, 6),
  ]),
  metric('usage-growth', 'customer-success', 20, [
    growth('revenue', SECURITY_AZURE, 'amount', 'ttm', 'absolute', smb ? 15000 : 25000),
    growth('usage', SECURITY_M365, 'activeUsers', 'month', 'absolute', smb ? 1000 : 2500),
  ]),
];

const designation = (id: string, name: string, tracks: [string, Json[]][]): Json => ({
  id,
  name,
  trackSelection: 'best',
  tracks: tracks.map(([trackId, metrics]) => ({ id: trackId, metrics })),
});

const definition = {
  id: 'mcpp',
  version: '2026.05.0',
  name: 'Microsoft AI Cloud Partner Program: Solutions Partner designations',
  threshold: 70,
  // Revenue and usage of a month are refreshed by the 20th of the next month (spec §1).
  dataLagDays: 19,
  lifecycle: { mode: 'anniversary', termMonths: 12, renewalWindowMonths: 6 },
  workloadRates: MCPP_WORKLOAD_RATES,

  certifications: MCPP_CERTIFICATIONS,
  designations: [
    designation('data-ai-azure', 'Data & AI (Azure)', [
      [
        'enterprise',
        [
          azureNetAdds,
          metric(
            'intermediate-certifications',
            'skilling',
            40,
            [people(DATA_AI_PEOPLE, 10)],
            [gate([AZ_ADMIN], 2), gate([AZ_ARCHITECT], 2)],
          ),
          azureUsageGrowth,
          azureDeployments,
        ],
      ],
    ]),
    designation('infrastructure-azure', 'Infrastructure (Azure)', [
      [
        'enterprise',
        [
          azureNetAdds,
          ...azureSkills(
            [['azure-network-engineer-associate', 'windows-server-hybrid-administrator-associate'], 5],
            [['azure-virtual-desktop-specialty', 'azure-for-sap-workloads-specialty'], 5],
          ),
          azureUsageGrowth,
          azureDeployments,
        ],
      ],
    ]),
    designation('digital-app-innovation-azure', 'Digital & App Innovation (Azure)', [
      [
        'enterprise',
        [
          azureNetAdds,
          ...azureSkills(
            [['azure-developer-associate', 'power-platform-developer-associate'], 5],
            [['devops-engineer-expert', 'power-platform-solution-architect-expert'], 5],
          ),
          azureUsageGrowth,
          azureDeployments,
        ],
      ],
    ]),
    designation('business-applications', 'Business Applications', [
      [
        'enterprise',
        [
          metric('net-customer-adds', 'performance', 15, [
            net('revenue', BIZAPPS, 'customerWorkload', 'amount', 'month', { atLeast: 1500 }, 5),
          ]),
          metric('intermediate-certifications', 'skilling', 20, [people(BIZAPPS_INTERMEDIATE, 20)]),
          metric('advanced-certifications', 'skilling', 15, [people(BIZAPPS_ADVANCED, 7)]),
          metric('usage-growth', 'customer-success', 30, [
            growth('usage', BIZAPPS, 'mcv', 'month', 'percent', 30, { minBaseline: 50000 }),
          ]),
          metric('deployments', 'customer-success', 20, [
            net('usage', BIZAPPS, 'customerWorkload', 'mcv', 'month', { atLeast: 10000 }, 5),
          ]),
        ],
      ],
    ]),
    designation('modern-work', 'Modern Work', [
      ['enterprise', modernWork(false)],
      ['smb', modernWork(true)],
    ]),
    designation('security', 'Security', [
      ['enterprise', security(false)],
      ['smb', security(true)],
    ]),
  ],
};

/** The default program (validated and normalised like any program file). */
export const MCPP_PROGRAM: Program = parseProgram(definition, 'MCPP_PROGRAM');
