import { sveltekit } from '@sveltejs/kit/vite';
import { defineConfig } from 'vite';

// `vite dev` talks to a running office server for the API and the socket.
const server = process.env.JUNBAN_SERVER ?? 'http://127.0.0.1:3000';

export default defineConfig({
  plugins: [sveltekit()],
  server: { proxy: { '/api': server, '/socket.io': { target: server, ws: true } } },
});
