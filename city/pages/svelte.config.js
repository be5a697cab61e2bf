import adapter from '@sveltejs/adapter-static';
import { vitePreprocess } from '@sveltejs/vite-plugin-svelte';

/** @type {import('@sveltejs/kit').Config} */
export default {
  preprocess: vitePreprocess(),
  kit: {
    // A pure SPA: the city server serves build/ at / (its API under /api/v1) and falls back to index.html.
    adapter: adapter({ fallback: 'index.html' }),
    // The staff screens' words, in the catalogue the office's admin shares (screens-shared/staff-words.ts).
    alias: { $shared: '../../screens-shared' },
  },
  vitePlugin: {
    // Runes everywhere in our code; libraries compile as their authors wrote them.
    dynamicCompileOptions: ({ filename }) => (filename.includes('/node_modules/') ? undefined : { runes: true }),
  },
};
