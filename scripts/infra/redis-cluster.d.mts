export declare const CLUSTER_MASTERS: number;
export declare const CLUSTER_NODES: number;
export declare const DEFAULT_NODE_TIMEOUT_MS: number;
export declare function clusterPorts(basePort: number): number[];
export declare function clusterNodesValue(basePort: number): string;
export declare function clusterNodePid(basePort: number, port: number): number | null;
export declare function startLocalRedisCluster(
  basePort: number,
  options?: { log?: (line: string) => void; nodeTimeoutMs?: number },
): Promise<string>;
export declare function stopLocalRedisCluster(basePort: number): Promise<number>;
