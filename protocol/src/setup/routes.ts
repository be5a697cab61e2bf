/** The methods and paths of the setup endpoints, without zod: the screens call them from here. */
import type { Route } from '../common/route.js';

export const setupRoutes = {
  getConfig: { method: 'GET', path: '/config' },
  setSettings: { method: 'PUT', path: '/config/settings' },
  reorderServices: { method: 'PUT', path: '/config/services/order' },
  putService: { method: 'PUT', path: '/config/services/:serviceId' },
  putCounter: { method: 'PUT', path: '/config/counters/:counterId' },
  deleteCounter: { method: 'DELETE', path: '/config/counters/:counterId' },
  reorderGroups: { method: 'PUT', path: '/config/groups/order' },
  putGroup: { method: 'PUT', path: '/config/groups/:groupId' },
  deleteGroup: { method: 'DELETE', path: '/config/groups/:groupId' },
  exportConfig: { method: 'GET', path: '/config/export' },
  importConfig: { method: 'POST', path: '/config/import' },
  listChanges: { method: 'GET', path: '/config/changes' },
} as const satisfies Record<string, Route>;
