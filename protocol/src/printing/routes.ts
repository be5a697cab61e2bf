/** The methods and paths of the printing endpoints, without zod: the screens call them from here. */
import type { Route } from '../common/route.js';

export const printingRoutes = {
  printers: { method: 'GET', path: '/printers' },
  reprint: { method: 'POST', path: '/print-jobs/:jobId/reprint' },
  testPrint: { method: 'POST', path: '/printers/:printerId/test' },
  virtualPrints: { method: 'GET', path: '/printers/:printerId/virtual' },
  liftKioskLimit: { method: 'POST', path: '/devices/:deviceId/lift-limit' },
  putPrinter: { method: 'PUT', path: '/config/printers/:printerId' },
  deletePrinter: { method: 'DELETE', path: '/config/printers/:printerId' },
} as const satisfies Record<string, Route>;
