import { writeFile } from 'node:fs/promises';
import { chromium, type Browser, type Locator, type TestInfo } from '@playwright/test';
import jsQRModule from 'jsqr';
import QRCode from 'qrcode';

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

/** One still frame (YUV 4:2:0, as Chromium's fake camera reads it) of a QR code on white. */
function qrVideo(text: string): Buffer {
  const [width, height] = [640, 480];
  const qr = QRCode.create(text, { errorCorrectionLevel: 'M' });
  const modules = qr.modules.size;
  const scale = Math.floor(360 / modules);
  const left = Math.floor((width - modules * scale) / 2);
  const top = Math.floor((height - modules * scale) / 2);
  const luma = Buffer.alloc(width * height, 235);
  for (let row = 0; row < modules; row++) {
    for (let col = 0; col < modules; col++) {
      if (!qr.modules.get(row, col)) continue;
      for (let y = 0; y < scale; y++)
        luma.fill(16, (top + row * scale + y) * width + left + col * scale, (top + row * scale + y) * width + left + (col + 1) * scale);
    }
  }
  const chroma = Buffer.alloc((width / 2) * (height / 2), 128);
  return Buffer.concat([Buffer.from(`YUV4MPEG2 W${width} H${height} F10:1 Ip A1:1 C420jpeg\nFRAME\n`), luma, chroma, chroma]);
}

/** A browser of its own whose camera shows this QR code (Chromium's fake camera reads a file): a kiosk's scanner. */
export async function cameraShowing(text: string, testInfo: TestInfo): Promise<Browser> {
  const video = testInfo.outputPath(`qr-${text}.y4m`);
  await writeFile(video, qrVideo(text));
  return chromium.launch({
    executablePath: process.env.JUNBAN_CHROMIUM || '/usr/bin/chromium',
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--use-fake-ui-for-media-stream',
      '--use-fake-device-for-media-stream',
      `--use-file-for-fake-video-capture=${video}`,
    ],
  });
}
