import type { PriorityRule } from '@junban/protocol/screens';

export function priorityRuleLabel(rule: PriorityRule): string {
  return rule.kind === 'priority_first'
    ? '優先を先に / Priority first'
    : `交互（優先1件ごとに一般${rule.ordinaryPerPriority}件）/ Alternate (${rule.ordinaryPerPriority} ordinary per priority)`;
}
