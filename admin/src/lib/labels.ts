import type { CounterStatus, Role } from '@junban/server/protocol';

/** Staff screens are labelled in both languages at once: "日本語 / English". */
export const roleLabel: Record<Role, string> = {
  counter: '窓口 / Counter',
  guide: '案内 / Guide',
  manager: '管理者 / Manager',
  admin: 'システム管理 / Admin',
};

export const counterStatusLabel: Record<CounterStatus, string> = {
  open: '受付中 / Open',
  paused: '休止中 / Paused',
  closed: '閉鎖 / Closed',
};

export const stepStateLabel = {
  called: '呼出中 / Called',
  serving: '対応中 / Serving',
  waiting: '待ち / Waiting',
  held: '保留 / Held',
  no_show: '不在 / No-show',
} as const;
