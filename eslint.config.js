import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const infraImports = {
  patterns: [
    {
      group: ['@nestjs/*', 'ioredis', 'kafkajs', '@app/redis', '@app/kafka', '@app/config'],
      message: 'libs/scoring and libs/contracts stay pure: no Nest, Redis or Kafka.',
    },
  ],
};

const redisDoor = {
  name: 'ioredis',
  message:
    'use @app/redis (createRedis, RedisClient, the stores and repositories): it picks a single server or a Redis Cluster from the configuration.',
};
const kafkaDoor = {
  name: 'kafkajs',
  message:
    'use @app/kafka (createKafka, KafkaClient, EventProducer, BatchConsumer, the admin functions): kafkajs stays behind libs/kafka, so swapping the client touches one lib.',
};
const kafkaDeepImports = {
  group: ['kafkajs/*'],
  message: 'use @app/kafka: kafkajs stays behind libs/kafka.',
};

export default tseslint.config(
  {
    ignores: [
      'dist/**',
      'node_modules/**',
      '.run/**',
      'coverage/**',
      'jest.config.js',
      'eslint.config.js',
      'bin/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/switch-exhaustiveness-check': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': [
        'error',
        { fixStyle: 'inline-type-imports', disallowTypeAnnotations: false },
      ],
      eqeqeq: 'error',
      curly: ['error', 'multi-line'],
    },
  },
  {
    // Nest resolves constructor parameters from emitted metadata: type-only imports would erase them.
    files: [
      'apps/**/*.ts',
      'libs/platform/**/*.ts',
      'libs/kafka/**/*.ts',
      'libs/redis/**/*.ts',
      'libs/config/**/*.ts',
    ],
    rules: { '@typescript-eslint/consistent-type-imports': 'off' },
  },
  {
    files: ['libs/scoring/**/*.ts', 'libs/contracts/**/*.ts', 'libs/simulation/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', infraImports] },
  },
  {
    // One door to each client: only libs/redis imports ioredis, only libs/kafka imports kafkajs.
    files: [
      'apps/**/*.ts',
      'libs/platform/**/*.ts',
      'libs/config/**/*.ts',
      'libs/logging/**/*.ts',
      'libs/access/**/*.ts',
    ],
    rules: {
      'no-restricted-imports': ['error', { paths: [redisDoor, kafkaDoor], patterns: [kafkaDeepImports] }],
    },
  },
  { files: ['libs/kafka/**/*.ts'], rules: { 'no-restricted-imports': ['error', { paths: [redisDoor] }] } },
  {
    files: ['libs/redis/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { paths: [kafkaDoor], patterns: [kafkaDeepImports] }] },
  },
  {
    // The test kit serves tests, bench and soak through the same doors as the apps.
    files: ['libs/testkit/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            { name: 'ioredis', message: 'use @app/redis' },
            { name: 'kafkajs', message: 'use @app/kafka' },
          ],
        },
      ],
    },
  },
  {
    files: ['**/*.spec.ts', '**/*.int-spec.ts', 'test/**/*.ts'],
    rules: { '@typescript-eslint/no-non-null-assertion': 'off', '@typescript-eslint/unbound-method': 'off' },
  },
  {
    // The tests reach Kafka and Redis through the same doors as the apps. The one exception is the
    // fault tests' own redis-server (test/support/faults/servers.ts): it probes a raw server it
    // started, over TLS with its own CA, with no retries, which the store's client factory does not offer.
    files: ['test/**/*.ts'],
    ignores: ['test/support/faults/servers.ts'],
    rules: {
      'no-restricted-imports': ['error', { paths: [redisDoor, kafkaDoor], patterns: [kafkaDeepImports] }],
    },
  },
  {
    // The dashboard's browser code (apps/api/src/dashboard/public): plain scripts, no modules, no build.
    files: ['apps/api/src/dashboard/public/**/*.js'],
    ...tseslint.configs.disableTypeChecked,
    languageOptions: {
      sourceType: 'script',
      parserOptions: { projectService: false, program: null, project: false },
      globals: Object.fromEntries(
        [
          'window',
          'document',
          'localStorage',
          'location',
          'history',
          'fetch',
          'EventSource',
          'URL',
          'URLSearchParams',
          'Blob',
          'CSS',
          'setTimeout',
          'clearTimeout',
          'console',
        ].map((name) => [name, 'readonly']),
      ),
    },
    rules: {
      ...tseslint.configs.disableTypeChecked.rules,
      strict: ['error', 'global'],
      'no-var': 'off',
      '@typescript-eslint/no-unused-vars': ['error', { args: 'none' }],
    },
  },
  {
    files: ['scripts/**/*.mjs'],
    ...tseslint.configs.disableTypeChecked,
    languageOptions: {
      parserOptions: { projectService: false, program: null, project: false },
      globals: {
        process: 'readonly',
        console: 'readonly',
        fetch: 'readonly',
        setTimeout: 'readonly',
        Buffer: 'readonly',
      },
    },
  },
);
