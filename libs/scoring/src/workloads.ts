import type { WorkloadSelector } from './program-schema.js';

/** `*` matches everything; `azure.*` matches ids starting with `azure.`; anything else is exact. */
export function matchesPattern(pattern: string, workload: string): boolean {
  if (pattern === '*') return true;
  if (pattern.endsWith('.*')) return workload.startsWith(pattern.slice(0, -1));
  return pattern === workload;
}

export function selects(selector: WorkloadSelector, workload: string): boolean {
  return (
    selector.include.some((p) => matchesPattern(p, workload)) &&
    !selector.exclude.some((p) => matchesPattern(p, workload))
  );
}

/**
 * Memoises selector matches per evaluation: the same few selectors are asked about the same few
 * workloads for every customer and month.
 */
export class WorkloadMatcher {
  private readonly cache = new Map<WorkloadSelector, Map<string, boolean>>();

  matches(selector: WorkloadSelector, workload: string): boolean {
    let bySelector = this.cache.get(selector);
    if (!bySelector) {
      bySelector = new Map();
      this.cache.set(selector, bySelector);
    }
    let hit = bySelector.get(workload);
    if (hit === undefined) {
      hit = selects(selector, workload);
      bySelector.set(workload, hit);
    }
    return hit;
  }
}
