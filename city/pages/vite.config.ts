import { paraglideVitePlugin } from '@inlang/paraglide-js';
import { sveltekit } from '@sveltejs/kit/vite';
import { defineConfig } from 'vite';
import { staffParaglideOptions } from '../../screens-shared/i18n/paraglide.js';

// `vite dev` talks to a running city server (CITY_PORT, 3100 by default) for the API and the socket.
const server = process.env.JUNBAN_CITY_SERVER ?? 'http://127.0.0.1:3100';

export default defineConfig({
  plugins: [paraglideVitePlugin(staffParaglideOptions), sveltekit()],
  server: { proxy: { '/api': server, '/socket.io': { target: server, ws: true } } },
});
