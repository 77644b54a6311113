export declare const PROFILES: Record<
  'dev' | 'test',
  { kafkaPort: number; redisPort: number; redisClusterPort: number; kafkaClusterPort: number }
>;
export declare function up(
  profile: 'dev' | 'test',
  options?: { log?: (line: string) => void; partitions?: number; redisCluster?: boolean; brokers?: number },
): Promise<{ brokers: string[]; redisUrl?: string; redisClusterNodes?: string }>;
export declare function down(
  profile: 'dev' | 'test',
  options?: { log?: (line: string) => void },
): Promise<void>;
export declare function status(profile: 'dev' | 'test'): unknown;
