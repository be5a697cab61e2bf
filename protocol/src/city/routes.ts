/** The methods and paths of the city server's endpoints, without zod: the city's staff pages call them from here. */
import type { Route } from '../common/route.js';
import { queueRoutes } from '../queue/routes.js';

export const cityRoutes = {
  cityHealth: { method: 'GET', path: '/health' },
  cityLive: { method: 'GET', path: '/live' },
  cityLogin: { method: 'POST', path: '/auth/login' },
  cityLogout: { method: 'POST', path: '/auth/logout' },
  cityMe: { method: 'GET', path: '/auth/me' },
  citySignInOptions: { method: 'GET', path: '/auth/options' },
  listOffices: { method: 'GET', path: '/offices' },
  createEnrolment: { method: 'POST', path: '/offices/:officeId/enrolment' },
  revokeOffice: { method: 'POST', path: '/offices/:officeId/revoke' },
  /** Called by an office (not by staff) with its one-time code; answers its credential. */
  enrol: { method: 'POST', path: '/link/enrol' },
  floor: { method: 'GET', path: '/floor' },
  getCatalogue: { method: 'GET', path: '/catalogue' },
  putCatalogue: { method: 'PUT', path: '/catalogue' },
  cityHistory: { method: 'GET', path: '/history' },
  officeHistory: { method: 'GET', path: '/offices/:officeId/history' },
  monthlyReport: { method: 'GET', path: '/reports/monthly' },
  /** The public face: the office's own status endpoint, at the same path, so the one status page works with either. */
  visitStatus: queueRoutes.visitStatus,
  /** From a status page: tell me about this visit. */
  followVisit: { method: 'POST', path: '/status/:token/notices' },
  /** From a status page: a code to send to the city's LINE official account, which links this visit to the sender. */
  linkLine: { method: 'POST', path: '/status/:token/line' },
  /** The public key a phone subscribes to Web Push with, and the channels this city offers. */
  noticeChannels: { method: 'GET', path: '/notices/channels' },
  deadNotices: { method: 'GET', path: '/notices/dead' },
  /** Joining from a phone: where and what may be joined now, then take a number; postpone or cancel it later. */
  joinOptions: { method: 'GET', path: '/join' },
  joinQueue: { method: 'POST', path: '/join' },
  postponeVisit: { method: 'POST', path: '/status/:token/postpone' },
  cancelFromPhone: { method: 'POST', path: '/status/:token/cancel' },
  /** After the visit (issue 20): the page's one rating, passed on to its office. The same paths as the office's. */
  rateFromPhone: { method: 'POST', path: '/status/:token/rating' },
  ratingFromPhone: { method: 'GET', path: '/status/:token/rating' },
  /** Forms filled in at home: which offices and forms, then send one sealed to the office's key. */
  homeFormOptions: { method: 'GET', path: '/home-forms' },
  submitHomeForm: { method: 'POST', path: '/home-forms' },
  retryNotice: { method: 'POST', path: '/notices/:noticeId/retry' },
  /** Booking a visit from a phone: where and what may be booked, a procedure's slots, book; then, by the booking's link, see, move or cancel it. */
  bookingOptions: { method: 'GET', path: '/book' },
  bookingSlots: { method: 'GET', path: '/book/slots' },
  bookVisit: { method: 'POST', path: '/book' },
  getBooking: { method: 'GET', path: '/bookings/:token' },
  rescheduleBooking: { method: 'POST', path: '/bookings/:token/reschedule' },
  cancelBooking: { method: 'POST', path: '/bookings/:token/cancel' },
  confirmBooking: { method: 'POST', path: '/bookings/:token/confirm' },
  /** Card pick-up: city staff mark documents ready by reference number; a resident looks one up, or asks to be told. */
  markPickupsReady: { method: 'POST', path: '/pickups' },
  pickupStatus: { method: 'POST', path: '/pickup/status' },
  followPickup: { method: 'POST', path: '/pickup/notices' },
} as const satisfies Record<string, Route>;
