import { paraglideVitePlugin } from '@inlang/paraglide-js';
import { sveltekit } from '@sveltejs/kit/vite';
import { defineConfig } from 'vite';
import { paraglideOptions, staffParaglideOptions } from '../screens-shared/i18n/paraglide.js';

// `vite dev` talks to a running office server for the API and the socket.
const server = process.env.JUNBAN_SERVER ?? 'http://127.0.0.1:3000';

export default defineConfig({
  plugins: [paraglideVitePlugin(paraglideOptions), paraglideVitePlugin(staffParaglideOptions), sveltekit()],
  server: { proxy: { '/api': server, '/socket.io': { target: server, ws: true } } },
});
