/** Environment variable carrying the JSON ClusterOptions from startCluster to each forked process. */
export const CLUSTER_ENV = 'BOLT_CLUSTER_OPTIONS';
