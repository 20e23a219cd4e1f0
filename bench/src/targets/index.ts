import type { BenchConfig } from '../config.js';
import type { Target } from '../target.js';
import { bareTarget } from './bare.js';
import { menuBuilderTarget } from './menu-builder.js';
import { serviceTarget } from './service.js';

/** The servers to compare, in round-robin order; BENCH_TARGETS narrows the list. */
export function selectTargets(cfg: BenchConfig): Target[] {
  const all = [bareTarget(cfg.members), menuBuilderTarget(cfg.members), serviceTarget(cfg.members)];
  if (cfg.targets === undefined) return all;
  const unknown = cfg.targets.filter((id) => !all.some((t) => t.id === id));
  if (unknown.length > 0) {
    throw new Error(`unknown BENCH_TARGETS ${unknown.join(', ')}; known: ${all.map((t) => t.id).join(', ')}`);
  }
  return all.filter((t) => cfg.targets?.includes(t.id));
}
