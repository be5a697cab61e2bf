import adapter from '@sveltejs/adapter-static';
import { vitePreprocess } from '@sveltejs/vite-plugin-svelte';

/** @type {import('@sveltejs/kit').Config} */
export default {
  preprocess: vitePreprocess(),
  kit: {
    // A pure SPA: the office server serves build/ under /admin and falls back to index.html.
    adapter: adapter({ fallback: 'index.html' }),
    paths: { base: '/admin' },
    // Code the kiosk, display and counter screens share (the live view, the device token).
    alias: { $shared: '../screens-shared' },
  },
  vitePlugin: {
    // Runes everywhere in our code; libraries compile as their authors wrote them.
    dynamicCompileOptions: ({ filename }) => (filename.includes('/node_modules/') ? undefined : { runes: true }),
  },
};
