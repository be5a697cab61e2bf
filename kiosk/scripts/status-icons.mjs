#!/usr/bin/env node
// Draws the status page's app icons (kiosk/static/icons/junban-<size>.png), which its web app manifest lists so a
// resident's phone can install the page: 順 in white on the kiosk's blue, in the Noto Sans JP the server ships.
// The glyph stays inside the middle 80 % (a maskable icon's safe zone), so one picture serves both purposes.
// Run again only to change the icon: `node kiosk/scripts/status-icons.mjs`.
import { createRequire } from 'node:module';
import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const { createCanvas, GlobalFonts } = require('@napi-rs/canvas');
GlobalFonts.registerFromPath(require.resolve('@expo-google-fonts/noto-sans-jp/700Bold/NotoSansJP_700Bold.ttf'), 'Noto Sans JP');

const out = join(dirname(fileURLToPath(import.meta.url)), '..', 'static', 'icons');
for (const size of [192, 512]) {
  const canvas = createCanvas(size, size);
  const ctx = canvas.getContext('2d');
  ctx.fillStyle = '#0a4aa6';
  ctx.fillRect(0, 0, size, size);
  ctx.fillStyle = '#ffffff';
  ctx.font = `bold ${Math.round(size * 0.56)}px "Noto Sans JP"`;
  ctx.textAlign = 'center';
  ctx.textBaseline = 'middle';
  ctx.fillText('順', size / 2, size * 0.52);
  writeFileSync(join(out, `junban-${size}.png`), canvas.toBuffer('image/png'));
}
