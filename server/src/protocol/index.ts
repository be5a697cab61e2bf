export * from './model.js';
export * from './errors.js';
export * from './access.js';
export * from './api.js';
export * from './socket.js';
export * from './client.js';
export * from './live.js';
export * from './forms.js';
