export declare function clusterPorts(basePort: number, count: number): number[];
export declare function startLocalKafkaCluster(
  basePort: number,
  count: number,
  log?: (line: string) => void,
): Promise<string[]>;
export declare function stopLocalKafkaCluster(basePort: number, count: number): Promise<void>;
export declare function replicationFor(brokerCount: number): {
  replicationFactor: number;
  minInsyncReplicas: number;
};
export declare const ROOT: string;
