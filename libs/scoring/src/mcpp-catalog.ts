/** Workload and certification lists of the MCPP program (domain spec §4). */

export const AZURE = ['azure.*'];
export const BIZAPPS = ['d365.*', 'power-platform.*'];
export const M365 = ['m365.*'];
export const SECURITY_AZURE = [
  'azure.application-gateway',
  'azure.entra-external-id',
  'azure.bastion',
  'azure.ddos-protection',
  'azure.firewall',
  'azure.firewall-manager',
  'azure.front-door',
  'azure.key-vault',
  'azure.defender-for-cloud',
  'azure.purview',
  'azure.security-copilot',
  'azure.sentinel',
  'azure.iot-security',
];
export const SECURITY_M365 = [
  'm365.entra-id-p1',
  'm365.defender-for-office-365',
  'm365.defender-for-endpoint-p2',
  'm365.defender-for-identity',
  'm365.purview-information-protection',
  'm365.intune',
];

export const AZ_ADMIN = 'azure-administrator-associate';
export const AZ_ARCHITECT = 'azure-solutions-architect-expert';
export const SECURITY_STEP_1 = [
  'azure-security-engineer-associate',
  'cloud-and-ai-security-engineer-associate',
];
export const SECURITY_STEP_2 = ['security-operations-analyst-associate'];
export const SECURITY_STEP_3 = [
  'cybersecurity-architect-expert',
  'identity-and-access-administrator-associate',
  'information-protection-administrator-associate',
  'information-security-administrator-associate',
];
export const BIZAPPS_INTERMEDIATE = [
  'd365-sales-functional-consultant',
  'd365-customer-service-functional-consultant',
  'd365-field-service-functional-consultant',
  'd365-finance-functional-consultant',
  'd365-supply-chain-functional-consultant',
  'd365-business-central-functional-consultant',
  'power-bi-data-analyst-associate',
  'power-platform-functional-consultant',
  'power-platform-developer-associate',
  'power-automate-rpa-developer',
];
export const BIZAPPS_ADVANCED = [
  'd365-supply-chain-expert',
  'd365-finance-operations-solution-architect-expert',
  'd365-business-central-developer-associate',
];
export const MW_INTERMEDIATE = [
  'teams-administrator-associate',
  'identity-and-access-administrator-associate',
  'endpoint-administrator-associate',
  'collaboration-communications-systems-engineer-associate',
];
export const MW_ADVANCED = [
  'm365-enterprise-administrator-expert',
  'teams-meetings-rooms-technical-assessment',
];
export const DATA_AI_PEOPLE = [
  'azure-database-administrator-associate',
  'azure-ai-engineer-associate',
  'azure-data-scientist-associate',
  'power-bi-data-analyst-associate',
  'azure-cosmos-db-developer-specialty',
  'fabric-analytics-engineer-associate',
  'fabric-data-engineer-associate',
];

/** Every certification named by a gate or component (the program's catalogue). */
export const MCPP_CERTIFICATIONS = [
  ...new Set([
    AZ_ADMIN,
    AZ_ARCHITECT,
    ...DATA_AI_PEOPLE,
    'azure-network-engineer-associate',
    'windows-server-hybrid-administrator-associate',
    'azure-virtual-desktop-specialty',
    'azure-for-sap-workloads-specialty',
    'azure-developer-associate',
    'power-platform-developer-associate',
    'devops-engineer-expert',
    'power-platform-solution-architect-expert',
    ...BIZAPPS_INTERMEDIATE,
    ...BIZAPPS_ADVANCED,
    ...MW_INTERMEDIATE,
    ...MW_ADVANCED,
    ...SECURITY_STEP_1,
    ...SECURITY_STEP_2,
    ...SECURITY_STEP_3,
  ]),
];

/** MCV per active user (spec §4). */
export const MCPP_WORKLOAD_RATES = {
  'd365.business-central': 1000,
  'd365.customer-engagement': 200,
  'd365.contact-center': 200,
  'power-platform.apps': 200,
  'power-platform.automate': 200,
  'power-platform.bi': 200,
  'd365.finance-operations': 100,
  'd365.customer-insights': 0.2,
};
