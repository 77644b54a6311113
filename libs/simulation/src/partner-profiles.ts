import { addMonths } from './months.js';
import type { Random } from './random.js';

/** Facts about one partner, before they become events (see event-stream.ts). */
export interface PartnerFacts {
  people: { individualId: string; certificationIds: string[] }[];
  revenue: { customerId: string; workload: string; month: string; amountUsd: number }[];
  usage: { customerId: string; workload: string; month: string; activeUsers: number; paidLicenses: number }[];
}

export type Archetype = 'azure' | 'modern-work' | 'security' | 'business-apps' | 'weak';
export const ARCHETYPES: readonly Archetype[] = ['azure', 'modern-work', 'security', 'business-apps', 'weak'];

const AZURE_DATA_CERTS = [
  'azure-ai-engineer-associate',
  'azure-data-scientist-associate',
  'azure-database-administrator-associate',
  'fabric-data-engineer-associate',
];
const AZURE_WORKLOADS = [
  'azure.sql-database',
  'azure.cosmos-db',
  'azure.machine-learning',
  'azure.synapse',
  'azure.app-service',
  'azure.virtual-machines',
];
const M365_WORKLOADS = ['m365.exchange-online', 'm365.teams', 'm365.sharepoint'];
const SECURITY_AZURE = ['azure.sentinel', 'azure.key-vault', 'azure.firewall', 'azure.defender-for-cloud'];
const SECURITY_M365 = ['m365.defender-for-endpoint-p2', 'm365.intune', 'm365.entra-id-p1'];
const BIZ_WORKLOADS = ['d365.customer-engagement', 'power-platform.apps', 'd365.business-central'];

interface Builder {
  rng: Random;
  last: string;
  months: number;
  strength: number;
  facts: PartnerFacts;
}

function people(b: Builder, count: number, certs: (i: number) => string[]): void {
  const start = b.facts.people.length;
  for (let i = 0; i < count; i++) {
    b.facts.people.push({ individualId: `i${start + i}`, certificationIds: certs(i) });
  }
}

/** Monthly revenue for a customer from `fromOffset` months before L through L, growing. */
function revenueSeries(
  b: Builder,
  customerId: string,
  workload: string,
  fromOffset: number,
  base: number,
): void {
  for (let k = Math.min(fromOffset, b.months - 1); k >= 0; k--) {
    const growth = 1 + (fromOffset - k) * 0.02 * b.strength;
    b.facts.revenue.push({
      customerId,
      workload,
      month: addMonths(b.last, -k),
      amountUsd: Math.round(base * growth * (0.9 + b.rng.next() * 0.2)),
    });
  }
}

function usageSeries(
  b: Builder,
  customerId: string,
  workload: string,
  fromOffset: number,
  licenses: number,
  ratio: number,
): void {
  for (let k = Math.min(fromOffset, b.months - 1); k >= 0; k--) {
    const growth = 1 + (fromOffset - k) * 0.03 * b.strength;
    const paid = Math.round(licenses * growth);
    b.facts.usage.push({
      customerId,
      workload,
      month: addMonths(b.last, -k),
      paidLicenses: paid,
      activeUsers: Math.round(paid * Math.min(1, ratio * (0.9 + b.rng.next() * 0.2))),
    });
  }
}

const scaled = (b: Builder, n: number) => Math.max(0, Math.round(n * b.strength));

function azure(b: Builder): void {
  people(b, 2, () => ['azure-administrator-associate']);
  people(b, 2, () => ['azure-solutions-architect-expert']);
  people(b, scaled(b, 10), (i) => [AZURE_DATA_CERTS[i % AZURE_DATA_CERTS.length] as string]);
  for (let c = 0; c < 3; c++) revenueSeries(b, `c${c}`, AZURE_WORKLOADS[c % 6] as string, 24, 1500);
  for (let c = 3; c < 3 + scaled(b, 3); c++) {
    revenueSeries(b, `c${c}`, AZURE_WORKLOADS[c % 6] as string, 3, 2500);
  }
  for (let c = 8; c < 8 + scaled(b, 3); c++) {
    revenueSeries(b, `c${c}`, AZURE_WORKLOADS[(c + 1) % 6] as string, 10, 300);
  }
}

function modernWork(b: Builder): void {
  people(b, scaled(b, 4), (i) => [
    i % 2 ? 'teams-administrator-associate' : 'endpoint-administrator-associate',
  ]);
  people(b, scaled(b, 2), () => ['m365-enterprise-administrator-expert']);
  for (let c = 0; c < 2; c++) usageSeries(b, `c${c}`, M365_WORKLOADS[c % 3] as string, 24, 400, 0.5);
  for (let c = 2; c < 2 + scaled(b, 5); c++) {
    usageSeries(b, `c${c}`, M365_WORKLOADS[c % 3] as string, 4, 450, 0.55);
  }
}

function security(b: Builder): void {
  people(b, 2, () => ['azure-security-engineer-associate']);
  people(b, 2, () => ['security-operations-analyst-associate']);
  people(b, scaled(b, 6), (i) => [
    i % 2 ? 'cybersecurity-architect-expert' : 'identity-and-access-administrator-associate',
  ]);
  for (let c = 0; c < scaled(b, 6); c++) {
    revenueSeries(b, `c${c}`, SECURITY_AZURE[c % 4] as string, c < 3 ? 24 : 8, c < 3 ? 1200 : 2200);
  }
  for (let c = 10; c < 10 + scaled(b, 5); c++) {
    usageSeries(b, `c${c}`, SECURITY_M365[c % 3] as string, c < 12 ? 24 : 5, 350, 0.3);
  }
}

function businessApps(b: Builder): void {
  people(b, scaled(b, 20), (i) => [
    i % 2 ? 'power-platform-functional-consultant' : 'd365-sales-functional-consultant',
  ]);
  people(b, scaled(b, 7), () => ['d365-business-central-developer-associate']);
  for (let c = 0; c < scaled(b, 6); c++) {
    revenueSeries(b, `c${c}`, BIZ_WORKLOADS[c % 3] as string, c < 2 ? 24 : 3, 2000);
    usageSeries(b, `c${c}`, BIZ_WORKLOADS[c % 3] as string, c < 2 ? 24 : 3, 60, 0.9);
  }
}

function weak(b: Builder): void {
  people(b, b.rng.int(0, 3), () => [
    b.rng.pick([
      'azure-administrator-associate',
      'teams-administrator-associate',
      'azure-developer-associate',
    ]),
  ]);
  for (let c = 0; c < b.rng.int(1, 3); c++) {
    revenueSeries(b, `c${c}`, b.rng.pick(AZURE_WORKLOADS), b.rng.int(2, 12), 200);
  }
  if (b.rng.chance(0.5)) usageSeries(b, 'c9', 'm365.teams', b.rng.int(2, 12), 50, 0.3);
}

const BUILDERS: Record<Archetype, (b: Builder) => void> = {
  azure,
  'modern-work': modernWork,
  security,
  'business-apps': businessApps,
  weak,
};

/**
 * Facts for one partner of an archetype. `strength` scales headcounts and new customers, so
 * some partners qualify comfortably, some just, some just miss. `months` caps the history.
 */
export function partnerFacts(
  rng: Random,
  archetype: Archetype,
  lastMonth: string,
  months: number,
): PartnerFacts {
  const b: Builder = {
    rng,
    last: lastMonth,
    months,
    strength: 0.6 + rng.next() * 0.7,
    facts: { people: [], revenue: [], usage: [] },
  };
  BUILDERS[archetype](b);
  return b.facts;
}
