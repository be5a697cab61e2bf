/** A remote-joining rule's defaults, without zod: the schema (model.ts) and the city's catalogue page both use them. */
export const REMOTE_RULE_DEFAULTS = {
  perHour: 20,
  perDay: 100,
  walkInShare: 0.5,
  stopBeforeCloseMin: 30,
  maxTravelMin: 90,
  graceMin: 10,
} as const;
