type Env = Record<string, string | undefined>;
export function dockerMatters(options: { env: Env; brokerCount?: number; redisCluster?: boolean }): boolean;
export function kafkaSource(options: {
  env: Env;
  brokerCount?: number;
  dockerAnswers: boolean;
}): 'configured' | 'local-cluster' | 'container' | 'local';
export function redisSource(options: {
  env: Env;
  redisCluster?: boolean;
  dockerAnswers: boolean;
}): 'configured-cluster' | 'local-cluster' | 'configured' | 'container' | 'local';
