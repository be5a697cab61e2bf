/**
 * `@junban/protocol/screens`: what the kiosk, the display and the screens' shared code load at run time, without
 * zod (the kiosk's status page loads on a resident's phone). Every type of the protocol, and the pure code around
 * it: the endpoints' methods and paths and a client that calls them, the live view and its socket events, errors,
 * permissions and reservation codes. Nothing here may import a module that imports zod at run time; `import type`
 * from anywhere is fine, since it leaves nothing in the bundle.
 */
export type * from './index.js';
export { routes } from './routes.js';
export { buildRequest, createApiClient, createClientFor } from './client.js';
export type { Route } from './common/route.js';
export { accessRoutes } from './access/routes.js';
export { calendarRoutes } from './calendar/routes.js';
export { cityRoutes } from './city/routes.js';
export { cityLinkRoutes } from './city/link-routes.js';
export { buildCityRequest, createCityClient } from './city/client.js';
export { LINK_NAMESPACE, STAFF_NAMESPACE } from './city/socket.js';
export { formsRoutes } from './forms/routes.js';
export { insightsRoutes } from './insights/routes.js';
export { liveRoutes } from './live/routes.js';
export { marksRoutes } from './marks/routes.js';
export { printingRoutes } from './printing/routes.js';
export { queueRoutes } from './queue/routes.js';
export { reservationsRoutes } from './reservations/routes.js';
export { setupRoutes } from './setup/routes.js';
export { systemRoutes } from './system/routes.js';
export { JunbanError, errorStatus } from './errors.js';
export { NEEDS } from './common/needs.js';
export { REMOTE_RULE_DEFAULTS } from './remote/defaults.js';
export { can, grantedTo, permissionsOf } from './access/permissions.js';
export { applyUpdate, RECENT_CALLS } from './live/socket.js';
export { followLiveView } from './live/follow.js';
export { estimateWaitSec, moveAlong } from './queue/line-move.js';
export {
  isReservationCode,
  RESERVATION_CODE,
  RESERVATION_CODE_ALPHABET,
  RESERVATION_CODE_MAX,
  RESERVATION_CODE_MIN,
  RESERVATION_CODE_RULE,
} from './reservations/code.js';
