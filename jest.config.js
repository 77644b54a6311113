// ESM jest (package is "type": "module"); run through `npm test`, never bare `npx jest`
// (the scripts add --experimental-vm-modules). ts-jest does not type-check here
// (isolatedModules), so `npm run typecheck` is part of `npm test`.
const shared = {
  testEnvironment: 'node',
  extensionsToTreatAsEsm: ['.ts'],
  moduleFileExtensions: ['ts', 'js', 'json'],
  moduleNameMapper: {
    '^@app/([^/]+)$': '<rootDir>/libs/$1/src/index.ts',
    '^(\\.{1,2}/.*)\\.js$': '$1',
  },
  transform: { '^.+\\.ts$': ['ts-jest', { useESM: true, tsconfig: '<rootDir>/tsconfig.json' }] },
};

export default {
  // Integration tests wait on real brokers and processes; unit tests finish in milliseconds anyway.
  // (testTimeout is a global option: jest ignores it inside a project.)
  testTimeout: 600000,
  projects: [
    {
      ...shared,
      displayName: 'unit',
      roots: ['<rootDir>/apps', '<rootDir>/libs', '<rootDir>/scripts'],
      testRegex: '.*\\.spec\\.ts$',
    },
    {
      ...shared,
      displayName: 'integration',
      roots: ['<rootDir>/test', '<rootDir>/apps', '<rootDir>/libs'],
      testRegex: '.*\\.int-spec\\.ts$',
      globalSetup: '<rootDir>/test/infra/global-setup.ts',
      globalTeardown: '<rootDir>/test/infra/global-teardown.ts',
    },
  ],
};
