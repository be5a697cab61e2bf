import { paraglideVitePlugin } from '@inlang/paraglide-js';
import { sveltekit } from '@sveltejs/kit/vite';
import { defineConfig, type Plugin } from 'vite';
import { paraglideOptions } from '../screens-shared/i18n/paraglide.js';

// `vite dev` talks to a running office server for the API and the socket.
const server = process.env.JUNBAN_SERVER ?? 'http://127.0.0.1:3000';

/**
 * BudouX's HTML processor (which the kiosk does not use) parses HTML with linkedom, a whole DOM for Node. The
 * package maps that file to its browser version in its `browser` field, but Vite looks for the field in the
 * nearer `module/package.json` and misses it; without this the bundle carries linkedom (300 kB).
 */
const budouxBrowserDom: Plugin = {
  name: 'budoux-browser-dom',
  enforce: 'pre',
  resolveId(source, importer) {
    if (source === './dom.js' && importer?.includes('/node_modules/budoux/module/')) return this.resolve('./dom-browser.js', importer);
  },
};

export default defineConfig({
  plugins: [budouxBrowserDom, paraglideVitePlugin(paraglideOptions), sveltekit()],
  server: { proxy: { '/api': server, '/socket.io': { target: server, ws: true } } },
});
