/** The methods and paths of the access endpoints, without zod: the screens call them from here. */
import type { Route } from '../common/route.js';

export const accessRoutes = {
  login: { method: 'POST', path: '/auth/login' },
  logout: { method: 'POST', path: '/auth/logout' },
  me: { method: 'GET', path: '/auth/me' },
  signInOptions: { method: 'GET', path: '/auth/options' },
  startPairing: { method: 'POST', path: '/pairing' },
  pairingState: { method: 'GET', path: '/pairing/:pairingId' },
  confirmPairing: { method: 'POST', path: '/pairing/confirm' },
  listDevices: { method: 'GET', path: '/devices' },
  createDevice: { method: 'POST', path: '/devices' },
  revokeDevice: { method: 'POST', path: '/devices/:deviceId/revoke' },
  renameDevice: { method: 'PUT', path: '/devices/:deviceId' },
  setDisplaySettings: { method: 'PUT', path: '/devices/:deviceId/display' },
  setKioskSettings: { method: 'PUT', path: '/devices/:deviceId/kiosk' },
  thisDevice: { method: 'GET', path: '/device' },
  reportDisplayStatus: { method: 'PUT', path: '/device/display-status' },
  listStaff: { method: 'GET', path: '/staff' },
  createStaff: { method: 'POST', path: '/staff' },
  staffPresence: { method: 'GET', path: '/staff/presence' },
  updateStaff: { method: 'PUT', path: '/staff/:staffId' },
  unlockStaff: { method: 'POST', path: '/staff/:staffId/unlock' },
  resetPassword: { method: 'POST', path: '/staff/:staffId/password' },
} as const satisfies Record<string, Route>;
