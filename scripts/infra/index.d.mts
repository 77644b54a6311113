export declare const PROFILES: Record<'dev' | 'test', { kafkaPort: number; redisPort: number }>;
export declare function up(
  profile: 'dev' | 'test',
  options?: { log?: (line: string) => void; partitions?: number },
): Promise<{ brokers: string[]; redisUrl: string }>;
export declare function down(profile: 'dev' | 'test', options?: { log?: (line: string) => void }): Promise<void>;
export declare function status(profile: 'dev' | 'test'): unknown;
