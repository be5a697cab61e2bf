import type { PriorityRule } from '@junban/protocol/screens';
import { say } from '$shared/staff-words';

export function priorityRuleLabel(rule: PriorityRule): string {
  return rule.kind === 'priority_first'
    ? say.setup.counters.priorityFirst()
    : `${say.setup.counters.alternate.ja({ count: String(rule.ordinaryPerPriority) })}/ ${say.setup.counters.alternate.en({ count: String(rule.ordinaryPerPriority) })}`;
}
