/** Setup's slice of the API table: the configuration and its calendar, export and import, the change history, devices and their pairing. */
import type { AccessStore } from '../access/store.js';
import { addDays, calendarDays } from '../calendar/calendar.js';
import {
  withCounter,
  withGroup,
  withGroupOrder,
  withoutCounter,
  withoutGroup,
  withPrinter,
  withoutPrinter,
  withService,
  withServiceOrder,
  withSettings,
} from '../config/edits.js';
import { assertKnownPrinter } from '../printing/known.js';
import { JunbanError } from '@junban/protocol';
import type { Office, OfficeReader } from '../queue/office.js';
import type { ScreensPort } from '../realtime/port.js';
import type { HandlerSlice } from '../web/calls.js';
import type { Db } from '../storage/database.js';
import { ChangeLog } from './changes.js';
import { Pairings } from './pairing.js';
import { exportOffice, importOffice } from './transfer.js';

export function setupHandlers(deps: {
  office: OfficeReader & Pick<Office, 'configure' | 'state'>;
  access: AccessStore;
  changes: ChangeLog;
  screens: Pick<ScreensPort, 'deviceChanged'>;
}) {
  const { office, access, changes, screens } = deps;
  return {
    getConfig: () => office.config,
    setSettings: (settings) => office.configure((c) => withSettings(c, settings)),
    reorderServices: ({ ids }) => office.configure((c) => withServiceOrder(c, ids)),
    putService: ({ serviceId, id: _id, ...service }) => office.configure((c) => withService(c, { ...service, id: serviceId })),
    putCounter: ({ counterId, id: _id, ...counter }) => office.configure((c) => withCounter(c, { ...counter, id: counterId })),
    deleteCounter: ({ counterId }) => office.configure((c) => withoutCounter(c, counterId, office.state)),
    putPrinter: ({ printerId, id: _id, ...printer }) => office.configure((c) => withPrinter(c, { ...printer, id: printerId })),
    deletePrinter: ({ printerId }) => office.configure((c) => withoutPrinter(c, printerId)),
    reorderGroups: ({ ids }) => office.configure((c) => withGroupOrder(c, ids)),
    putGroup: ({ groupId, name }) => office.configure((c) => withGroup(c, { id: groupId, name })),
    deleteGroup: ({ groupId }) => office.configure((c) => withoutGroup(c, groupId)),
    calendar({ from, to }) {
      const start = from ?? office.businessDate();
      return calendarDays(start, to ?? addDays(start, 30), office.config.settings);
    },
    exportConfig: () => exportOffice(office.config, access.listDevices(), office.now()),
    importConfig: ({ file, apply }) => importOffice({ office, access, deviceChanged: (device) => screens.deviceChanged(device) }, file, apply),
    listChanges: ({ limit, beforeSeq }) => changes.list(limit, beforeSeq),
  } satisfies HandlerSlice;
}

/** Kiosks, displays and print agents: pairing a new one, its settings, revoking it, and what a device asks of itself. */
export function deviceHandlers(deps: {
  office: Pick<OfficeReader, 'config'>;
  access: AccessStore;
  pairings: Pairings;
  screens: Pick<ScreensPort, 'deviceChanged' | 'disconnectDevice'>;
}) {
  const { office, access, pairings, screens } = deps;
  return {
    startPairing: ({ kind }, ctx) => pairings.start(kind, ctx.address ?? ''),
    pairingState: ({ pairingId }) => pairings.state(pairingId),
    confirmPairing: ({ code, name, display, kiosk }, ctx) =>
      pairings.confirm(ctx.actor, code, (kind) => {
        assertKnownPrinter(office.config, kiosk?.printerId);
        return access.createDevice(kind, name, { display, kiosk });
      }),

    listDevices: () => access.listDevices(),
    createDevice: ({ kind, name }) => access.createDevice(kind, name),
    revokeDevice({ deviceId }) {
      const device = access.revokeDevice(deviceId);
      screens.disconnectDevice(deviceId);
      return device;
    },
    renameDevice({ deviceId, name }) {
      const device = access.renameDevice(deviceId, name);
      screens.deviceChanged(device);
      return device;
    },
    setDisplaySettings({ deviceId, ...settings }) {
      const device = access.setDisplaySettings(deviceId, settings);
      screens.deviceChanged(device);
      return device;
    },
    setKioskSettings({ deviceId, ...settings }) {
      assertKnownPrinter(office.config, settings.printerId);
      const device = access.setKioskSettings(deviceId, settings);
      screens.deviceChanged(device);
      return device;
    },
    thisDevice(_, ctx) {
      if (ctx.principal?.kind !== 'device') throw new JunbanError('auth/forbidden', 'Only a kiosk or a display has device settings.');
      return access.deviceById(ctx.principal.id);
    },
    reportDisplayStatus(report, ctx) {
      if (ctx.principal?.kind !== 'device' || ctx.principal.device !== 'display') throw new JunbanError('auth/forbidden', 'Only a display reports its sound.');
      return access.reportDisplayStatus(ctx.principal.id, report);
    },
  } satisfies HandlerSlice;
}

/** Setup, wired: the change history and the pairing codes, and their slices of the API table. */
export function setupFeature(deps: {
  db: Db;
  office: OfficeReader & Pick<Office, 'configure' | 'state'>;
  access: AccessStore;
  now: () => number;
  screens: Pick<ScreensPort, 'deviceChanged' | 'disconnectDevice'>;
  /** The change history; a new one over the same table unless given (the city link records in it too). */
  changes?: ChangeLog;
}) {
  const changes = deps.changes ?? new ChangeLog(deps.db, deps.now);
  return {
    changes,
    handlers: { ...setupHandlers({ ...deps, changes }), ...deviceHandlers({ ...deps, pairings: new Pairings(deps.now) }) },
  };
}
