import type { Locator } from '@playwright/test';
import jsQRModule from 'jsqr';

// jsqr is CommonJS with an ES-style default export; under NodeNext the function is that `default`.
const jsQR = jsQRModule.default;

/** The text in a QR code drawn as SVG on screen, read from its pixels as a phone camera would. */
export async function readQr(svg: Locator): Promise<string | null> {
  const size = 400;
  const pixels = await svg.evaluate(async (element, size) => {
    const image = new Image();
    image.src = `data:image/svg+xml;charset=utf-8,${encodeURIComponent(new XMLSerializer().serializeToString(element))}`;
    await image.decode();
    const canvas = document.createElement('canvas');
    canvas.width = canvas.height = size;
    const context = canvas.getContext('2d')!;
    context.drawImage(image, 0, 0, size, size);
    return Array.from(context.getImageData(0, 0, size, size).data);
  }, size);
  return jsQR(Uint8ClampedArray.from(pixels), size, size)?.data ?? null;
}
