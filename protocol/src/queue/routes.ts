/** The methods and paths of the queue endpoints, without zod: the screens call them from here. */
import type { Route } from '../common/route.js';

export const queueRoutes = {
  issueVisit: { method: 'POST', path: '/visits' },
  getVisit: { method: 'GET', path: '/visits/:visitId' },
  setRemainingSteps: { method: 'PUT', path: '/visits/:visitId/steps' },
  setNote: { method: 'PUT', path: '/visits/:visitId/note' },
  visitNote: { method: 'GET', path: '/visits/:visitId/note' },
  noteAudit: { method: 'GET', path: '/notes/audit' },
  cancelVisit: { method: 'POST', path: '/visits/:visitId/cancel' },
  checkInVisit: { method: 'POST', path: '/visits/:visitId/check-in' },
  callNext: { method: 'POST', path: '/counters/:counterId/call-next' },
  callNumber: { method: 'POST', path: '/counters/:counterId/call' },
  recall: { method: 'POST', path: '/counters/:counterId/recall' },
  startServing: { method: 'POST', path: '/counters/:counterId/start' },
  finish: { method: 'POST', path: '/counters/:counterId/finish' },
  transfer: { method: 'POST', path: '/counters/:counterId/transfer' },
  noShow: { method: 'POST', path: '/counters/:counterId/no-show' },
  hold: { method: 'POST', path: '/counters/:counterId/hold' },
  returnHeld: { method: 'POST', path: '/steps/:stepId/return' },
  requeue: { method: 'POST', path: '/steps/:stepId/requeue' },
  markReady: { method: 'POST', path: '/steps/:stepId/ready' },
  setCounterStatus: { method: 'PUT', path: '/counters/:counterId/status' },
  visitStatus: { method: 'GET', path: '/status/:token' },
} as const satisfies Record<string, Route>;
