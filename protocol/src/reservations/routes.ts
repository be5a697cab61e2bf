/** The methods and paths of the reservations endpoints, without zod: the screens call them from here. */
import type { Route } from '../common/route.js';

export const reservationsRoutes = {
  listReservations: { method: 'GET', path: '/reservations' },
  createReservation: { method: 'POST', path: '/reservations' },
  getReservation: { method: 'GET', path: '/reservations/:reservationId' },
  reservationNote: { method: 'GET', path: '/reservations/:reservationId/note' },
  updateReservation: { method: 'PUT', path: '/reservations/:reservationId' },
  cancelReservation: { method: 'POST', path: '/reservations/:reservationId/cancel' },
  importReservations: { method: 'POST', path: '/reservations/import' },
  checkIn: { method: 'POST', path: '/reservations/check-in' },
} as const satisfies Record<string, Route>;
