/** Where an endpoint answers: its method and its path under /api/v1 (`:name` fills in from the input). No zod here. */
export interface Route {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  path: string;
}
