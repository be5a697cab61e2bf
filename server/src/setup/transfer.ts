/**
 * Copying a working setup to another office: export the configuration as one file, and import such a file with a
 * preview of what it adds, changes and removes. Only the configuration travels (and what each display shows);
 * never tokens, passwords or visits.
 */
import { isDeepStrictEqual } from 'node:util';
import { JunbanError, OfficeConfig, OfficeFile, type Device, type DisplaySettings, type ImportPreview, type ImportSection } from '@junban/protocol';
import type { AccessStore } from '../access/store.js';
import type { Office } from '../queue/office.js';
import type { QueueState } from '../queue/state.js';

export function exportOffice(config: OfficeConfig, devices: readonly Device[], at: number): OfficeFile {
  const displays = devices.flatMap((d) => (d.kind === 'display' && d.revokedAt === null && d.display ? [{ name: d.name, settings: d.display }] : []));
  return { format: 'junban-office', version: 1, exportedAt: at, config, displays };
}

const issuesOf = (error: { issues: { path: PropertyKey[]; message: string }[] }) =>
  error.issues.map((i) => ({ path: ['file', ...i.path.map(String)].join('.'), message: i.message }));

/** A file from `exportOffice`, or a bare configuration (like server/demo/office.json). */
export function readOfficeFile(file: unknown): Pick<OfficeFile, 'config' | 'displays'> {
  const wrapped = typeof file === 'object' && file !== null && 'format' in file;
  const parsed = wrapped ? OfficeFile.safeParse(file) : OfficeConfig.safeParse(file);
  if (!parsed.success) {
    const issues = issuesOf(parsed.error);
    throw new JunbanError(
      'input/invalid',
      `This is not a valid office file: ${issues
        .slice(0, 5)
        .map((i) => `${i.path}: ${i.message}`)
        .join('; ')}`,
      issues,
    );
  }
  return 'format' in parsed.data ? parsed.data : { config: parsed.data, displays: [] };
}

/** The top-level fields of two versions of an item that differ. */
function changedFields(before: object, after: object): string[] {
  const keys = new Set([...Object.keys(before), ...Object.keys(after)]);
  return [...keys].filter((k) => !isDeepStrictEqual((before as Record<string, unknown>)[k], (after as Record<string, unknown>)[k]));
}

function compare<T extends { id: string }>(before: readonly T[], after: readonly T[]): ImportSection & { reordered: boolean } {
  const old = new Map(before.map((x) => [x.id, x]));
  const next = new Map(after.map((x) => [x.id, x]));
  const kept = after.filter((x) => old.has(x.id)).map((x) => x.id);
  return {
    added: after.filter((x) => !old.has(x.id)).map((x) => x.id),
    changed: after.flatMap((x) => {
      const was = old.get(x.id);
      const fields = was ? changedFields(was, x) : [];
      return fields.length ? [{ id: x.id, fields }] : [];
    }),
    removed: before.filter((x) => !next.has(x.id)).map((x) => x.id),
    reordered: !isDeepStrictEqual(
      kept,
      before.filter((x) => next.has(x.id)).map((x) => x.id),
    ),
  };
}

export interface ImportPlan {
  /** The configuration the office would have. */
  config: OfficeConfig;
  preview: Omit<ImportPreview, 'applied'>;
  /** Display settings to apply, to this office's displays of the same name. */
  displays: { deviceId: string; settings: DisplaySettings }[];
  /** Why applying must be refused now (someone at a counter the file removes); shown as warnings in the preview. */
  blockers: string[];
}

/**
 * What importing `file` into an office with `current` configuration would do. Procedures are never removed (old
 * visits and statistics keep their names): those missing from the file are kept, closed.
 */
export function planImport(
  current: OfficeConfig,
  file: Pick<OfficeFile, 'config' | 'displays'>,
  state: QueueState,
  devices: readonly Device[],
  now: number,
): ImportPlan {
  const incoming = file.config;
  const warnings: string[] = [];
  const blockers: string[] = [];

  const missing = current.services.filter((s) => !incoming.services.some((x) => x.id === s.id));
  const kept = missing.map((s) => ({ ...s, active: false }));
  for (const s of missing.filter((x) => x.active))
    warnings.push(`The procedure "${s.id}" (${s.name.ja}) is not in the file: it is kept, closed, so past visits keep their name.`);
  // Whether this office is open for trying is its own state, not part of a setup copied from elsewhere (a demo's).
  const settings = { ...incoming.settings, openForTrying: current.settings.openForTrying };
  const parsed = OfficeConfig.safeParse({ ...incoming, settings, services: [...incoming.services, ...kept] });
  if (!parsed.success) throw new JunbanError('input/invalid', 'The file does not fit this office’s procedures.', issuesOf(parsed.error));
  const config = parsed.data;

  const services = compare(current.services, config.services);
  const counters = compare(current.counters, config.counters);
  const groups = compare(current.groups, config.groups);
  const printers = compare(current.printers, config.printers);

  for (const id of counters.removed) {
    const here = state.at(id);
    if (here) blockers.push(`Counter ${id} is serving ${here.visit.number} and the file removes it: finish or hold that visit first.`);
  }
  const today = state.businessDate(now);
  for (const s of config.services) {
    const waiting = state.summary(s.id, now, null).waiting;
    if (waiting > 0 && !config.counters.some((c) => c.services.includes(s.id))) {
      warnings.push(`${waiting} resident(s) wait for "${s.id}" (${s.name.ja}), which no counter in the file calls.`);
    }
  }
  for (const d of devices) {
    const printerId = d.kind === 'kiosk' && d.revokedAt === null ? d.kiosk?.printerId : null;
    if (printerId && !config.printers.some((p) => p.id === printerId)) {
      warnings.push(`The kiosk "${d.name}" prints on "${printerId}", which the file removes: it will show numbers on screen only.`);
    }
  }
  for (const p of config.printers) {
    const agentId = p.connection.kind === 'agent' ? p.connection.deviceId : null;
    if (agentId && !devices.some((d) => d.id === agentId && d.revokedAt === null)) {
      warnings.push(`The printer "${p.id}" is driven by a print agent that is not registered in this office: pair the agent, then set the printer again.`);
    }
  }
  const changedSettings = changedFields(current.settings, config.settings);
  if ((changedSettings.includes('timeZone') || changedSettings.includes('hours')) && [...state.visits.values()].some((v) => v.businessDate === today)) {
    warnings.push("The file changes the time zone or hours while today's visits are open: today may end at another time.");
  }

  const displays: ImportPlan['displays'] = [];
  for (const d of file.displays) {
    const here = devices.filter((x) => x.kind === 'display' && x.revokedAt === null && x.name === d.name);
    if (!here.length) warnings.push(`No display here is named "${d.name}"; its settings in the file are not applied.`);
    for (const x of here) displays.push({ deviceId: x.id, settings: d.settings });
  }

  const orderOf = { procedures: services, counters, 'kiosk groups': groups, printers };
  for (const [what, section] of Object.entries(orderOf)) if (section.reordered) warnings.push(`The file changes the order of the ${what}.`);
  const withoutOrder = ({ reordered: _reordered, ...s }: ImportSection & { reordered: boolean }): ImportSection => s;
  return {
    config,
    displays,
    blockers,
    preview: {
      settings: { changed: changedSettings },
      services: withoutOrder(services),
      counters: withoutOrder(counters),
      groups: withoutOrder(groups),
      printers: withoutOrder(printers),
      displays: [...new Set(displays.map((d) => devices.find((x) => x.id === d.deviceId)!.name))],
      warnings: [...blockers, ...warnings],
    },
  };
}

export interface ImportDeps {
  /** The configuration and the queue it must not break (a procedure still in use), and the one way to change it. */
  office: Pick<Office, 'config' | 'state' | 'now' | 'configure'>;
  access: AccessStore;
  /** Tell a display its settings changed. */
  deviceChanged(device: Device): void;
}

/** Preview an import, or (apply) replace the configuration in one step and set the displays the file names. */
export function importOffice({ office, access, deviceChanged }: ImportDeps, file: unknown, apply: boolean): ImportPreview {
  const read = readOfficeFile(file);
  const plan = planImport(office.config, read, office.state, access.listDevices(), office.now());
  if (!apply) return { applied: false, ...plan.preview };
  if (plan.blockers.length) throw new JunbanError('office/in_use', plan.blockers.join(' '));
  office.configure(() => plan.config);
  for (const d of plan.displays) deviceChanged(access.setDisplaySettings(d.deviceId, d.settings));
  return { applied: true, ...plan.preview };
}
