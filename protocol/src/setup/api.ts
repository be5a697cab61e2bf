/** The setup endpoints: procedures, kiosk groups, counters, settings, the setup file and its change history. Methods and paths are in ./routes.ts; ../api.ts joins this table to the others. */
import { z } from 'zod';
import { Order, endpoint, idMatchesPath } from '../common/endpoint.js';
import { CounterId, LocalizedText, ServiceId, Slug } from '../common/model.js';
import { ConfigChange, Counter, ImportPreview, OfficeConfig, OfficeFile, OfficeSettings, Service } from './model.js';
import { setupRoutes } from './routes.js';

export const setupApi = {
  getConfig: endpoint({ ...setupRoutes.getConfig, permission: 'public:read', summary: 'The office configuration.', input: z.object({}), output: OfficeConfig }),
  setSettings: endpoint({
    ...setupRoutes.setSettings,
    permission: 'config:write',
    errors: ['city/locked'],
    summary: 'Office name, hours, time zone and rules.',
    input: OfficeSettings,
    output: OfficeConfig,
  }),
  // Declared before putService: '/config/services/order' would otherwise be taken for a procedure called "order".
  reorderServices: endpoint({
    ...setupRoutes.reorderServices,
    permission: 'config:write',
    summary: 'Put the procedures in this order (the kiosk shows them so within their group); those not listed keep their order after them.',
    input: Order,
    output: OfficeConfig,
  }),
  putService: endpoint({
    ...setupRoutes.putService,
    permission: 'config:write',
    errors: ['city/locked'],
    summary: 'Add or change a procedure.',
    input: Service.extend({ serviceId: ServiceId, id: ServiceId.optional() }).refine(...idMatchesPath('serviceId')),
    output: OfficeConfig,
  }),
  putCounter: endpoint({
    ...setupRoutes.putCounter,
    permission: 'config:write',
    summary: 'Add or change a counter: its name, the procedures it calls in order of preference, and its priority rule.',
    input: Counter.extend({ counterId: CounterId, id: CounterId.optional() }).refine(...idMatchesPath('counterId')),
    output: OfficeConfig,
  }),
  deleteCounter: endpoint({
    ...setupRoutes.deleteCounter,
    permission: 'config:write',
    summary: 'Remove a counter that is not serving anyone.',
    errors: ['office/unknown_counter', 'office/in_use'],
    input: z.object({ counterId: CounterId }),
    output: OfficeConfig,
  }),
  // Declared before putGroup, for the same reason as reorderServices.
  reorderGroups: endpoint({
    ...setupRoutes.reorderGroups,
    permission: 'config:write',
    summary: "Put the kiosk's group headings in this order; those not listed keep their order after them.",
    input: Order,
    output: OfficeConfig,
  }),
  putGroup: endpoint({
    ...setupRoutes.putGroup,
    permission: 'config:write',
    errors: ['city/locked'],
    summary: 'Add or rename a group heading on the kiosk.',
    input: z.object({ groupId: Slug, name: LocalizedText }),
    output: OfficeConfig,
  }),
  deleteGroup: endpoint({
    ...setupRoutes.deleteGroup,
    permission: 'config:write',
    errors: ['office/unknown_group', 'city/locked'],
    summary: 'Remove a group heading; its procedures stay, shown without a heading until put in another group.',
    input: z.object({ groupId: Slug }),
    output: OfficeConfig,
  }),
  exportConfig: endpoint({
    ...setupRoutes.exportConfig,
    permission: 'config:write',
    summary: "The office's setup as one file, to import into another office: configuration and display settings; no tokens, passwords or visits.",
    input: z.object({}),
    output: OfficeFile,
  }),
  importConfig: endpoint({
    ...setupRoutes.importConfig,
    permission: 'config:write',
    errors: ['office/in_use', 'city/locked'],
    summary:
      'Compare a setup file (an export, or a bare configuration like server/demo/office.json) with this office: what it adds, changes and removes. ' +
      'With apply: true, replace the configuration in one step. Procedures missing from the file are kept but closed.',
    input: z.object({ file: z.unknown(), apply: z.boolean().default(false) }),
    output: ImportPreview,
  }),
  listChanges: endpoint({
    ...setupRoutes.listChanges,
    permission: 'config:write',
    summary: 'The change history of setup and accounts, newest first: who, when, which endpoint and what.',
    input: z.object({
      limit: z.coerce.number().int().min(1).max(500).default(100),
      /** For the next page: the `seq` of the oldest change already shown. */
      beforeSeq: z.coerce.number().int().positive().optional(),
    }),
    output: z.array(ConfigChange),
  }),
} as const;
