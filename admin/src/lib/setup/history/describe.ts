import type { EndpointName } from '@junban/protocol/screens';
import { say } from '$shared/staff-words';

/** What each recorded endpoint did, for the change history; an endpoint added later shows its own name. */
const t = say.setup.history.endpoints;
const endpointLabels: Partial<Record<EndpointName | 'cityCatalogue', string>> = {
  setSettings: t.setSettings(),
  reorderServices: t.reorderServices(),
  putService: t.putService(),
  putCounter: t.putCounter(),
  deleteCounter: t.deleteCounter(),
  putPrinter: t.putPrinter(),
  deletePrinter: t.deletePrinter(),
  testPrint: t.testPrint(),
  reorderGroups: t.reorderGroups(),
  putGroup: t.putGroup(),
  deleteGroup: t.deleteGroup(),
  importConfig: t.importConfig(),
  confirmPairing: t.confirmPairing(),
  createDevice: t.createDevice(),
  revokeDevice: t.revokeDevice(),
  renameDevice: t.renameDevice(),
  setDisplaySettings: t.setDisplaySettings(),
  setKioskSettings: t.setKioskSettings(),
  createStaff: t.createStaff(),
  updateStaff: t.updateStaff(),
  resetPassword: t.resetPassword(),
  unlockStaff: t.unlockStaff(),
  linkToCity: t.linkToCity(),
  unlinkFromCity: t.unlinkFromCity(),
  // Not an endpoint of the office: the city's catalogue, applied by the link (actor "city").
  cityCatalogue: t.cityCatalogue(),
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
