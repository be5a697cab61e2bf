import type { EndpointName } from '@junban/protocol/screens';

/** What each recorded endpoint did, for the change history; an endpoint added later shows its own name. */
const endpointLabels: Partial<Record<EndpointName | 'cityCatalogue', string>> = {
  setSettings: '基本設定・開庁日 / Settings',
  reorderServices: '手続きの並べ替え / Procedures reordered',
  putService: '手続きの追加・変更 / Procedure saved',
  putCounter: '窓口の追加・変更 / Counter saved',
  deleteCounter: '窓口の削除 / Counter deleted',
  putPrinter: 'プリンターの追加・変更 / Printer saved',
  deletePrinter: 'プリンターの削除 / Printer deleted',
  testPrint: 'テスト印刷 / Test print',
  reorderGroups: 'グループの並べ替え / Groups reordered',
  putGroup: 'グループの追加・変更 / Group saved',
  deleteGroup: 'グループの削除 / Group deleted',
  importConfig: '設定の取り込み / Setup imported',
  confirmPairing: '端末のペアリング / Device paired',
  createDevice: '端末の登録 / Device registered',
  revokeDevice: '端末の無効化 / Device revoked',
  renameDevice: '端末の名前変更 / Device renamed',
  setDisplaySettings: '表示盤の設定 / Display settings',
  setKioskSettings: '発券機の設定 / Kiosk settings',
  createStaff: '職員の追加 / Account created',
  updateStaff: '職員の変更 / Account changed',
  resetPassword: 'パスワード再設定 / Password reset',
  unlockStaff: 'サインインのロック解除 / Sign-in unlocked',
  linkToCity: '市との連携 / Linked to the city',
  unlinkFromCity: '市との連携解除 / Unlinked from the city',
  // Not an endpoint of the office: the city's catalogue, applied by the link (actor "city").
  cityCatalogue: '市のカタログを適用 / City catalogue applied',
};

export function endpointLabel(endpoint: string): string {
  return endpointLabels[endpoint as EndpointName | 'cityCatalogue'] ?? endpoint;
}

/**
 * A change's summary (the call's input, secrets already hidden by the server) in one line: "name.ja=住民票 prefix=A …".
 * Long values are cut; the full summary is one click away on the page.
 */
export function summaryLine(summary: unknown, max = 140): string {
  const parts: string[] = [];
  const walk = (value: unknown, path: string) => {
    if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
      for (const [k, v] of Object.entries(value)) walk(v, path ? `${path}.${k}` : k);
    } else {
      parts.push(`${path}=${Array.isArray(value) ? `[${value.map((v) => (typeof v === 'object' ? '…' : String(v))).join(',')}]` : String(value)}`);
    }
  };
  walk(summary, '');
  const line = parts.join(' ');
  return line.length > max ? `${line.slice(0, max - 1)}…` : line;
}
