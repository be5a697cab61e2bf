/**
 * `@junban/protocol`: the whole protocol, zod schemas included, for the server and the staff screens.
 * Kiosk and display import `@junban/protocol/screens` instead, which carries no zod.
 */
export * from './common/model.js';
export * from './setup/model.js';
export * from './calendar/model.js';
export * from './printing/model.js';
export * from './queue/model.js';
export * from './live/model.js';
export * from './reservations/model.js';
export * from './access/model.js';
export * from './forms/model.js';
export * from './forms/home.js';
export * from './insights/model.js';
export * from './marks/model.js';
export * from './city/model.js';
export * from './city/api.js';
export * from './city/link-api.js';
export * from './city/socket.js';
export * from './city/client.js';
export * from './notices/model.js';
export * from './remote/model.js';
export * from './booking/model.js';
export * from './errors.js';
export * from './access/permissions.js';
export * from './api.js';
export * from './routes.js';
export * from './live/socket.js';
export * from './client.js';
export * from './live/follow.js';
export * from './reservations/code.js';
export * from './queue/line-move.js';
export { cityRoutes } from './city/routes.js';
export * from './common/needs.js';
