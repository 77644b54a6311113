// Time of one path to qualify on a partner of growing size (after `npm run build`): `node scripts/bench-path.mjs`.
// Every customer has revenue in Y, L − 5 and L; the path needs new customers, people and gates.
import { performance } from 'node:perf_hooks';
import {
  MCPP_PROGRAM,
  applyEvents,
  emptyAggregate,
  pathToQualify,
} from '../dist/apps/cli/libs/scoring/src/index.js';
for (const customers of [100, 2000, 20000]) {
  const agg = emptyAggregate('big');
  const events = [];
  let n = 0;
  for (let c = 0; c < customers; c++) {
    for (const month of ['2025-05', '2025-12', '2026-05']) {
      events.push({
        eventId: `e${n++}`,
        type: 'revenue.recorded',
        partnerId: 'big',
        occurredAt: '2026-06-05T00:00:00Z',
        data: { customerId: `c${c}`, workload: `azure.w${c % 7}`, month, amountUsd: c % 3 === 0 ? 900 : 50 },
      });
    }
  }
  applyEvents(agg, events);
  const at = Date.parse('2026-06-25T00:00:00Z');
  pathToQualify(MCPP_PROGRAM, agg, 'data-ai-azure', at); // warm the indexes
  const t0 = performance.now();
  const runs = 3;
  let p;
  for (let i = 0; i < runs; i++) p = pathToQualify(MCPP_PROGRAM, agg, 'data-ai-azure', at);
  console.log(
    `${customers} customers (${events.length} line items): ${((performance.now() - t0) / runs).toFixed(0)} ms per path, ${p.additions} additions, reachable ${p.reachable}`,
  );
}
