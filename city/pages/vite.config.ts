import { sveltekit } from '@sveltejs/kit/vite';
import { defineConfig } from 'vite';

// `vite dev` talks to a running city server (CITY_PORT, 3100 by default) for the API and the socket.
const server = process.env.JUNBAN_CITY_SERVER ?? 'http://127.0.0.1:3100';

export default defineConfig({
  plugins: [sveltekit()],
  server: { proxy: { '/api': server, '/socket.io': { target: server, ws: true } } },
});
