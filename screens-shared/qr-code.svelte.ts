import QRCode from 'qrcode';

/**
 * The QR code of a link as SVG markup, redrawn when the link changes; '' until drawn, and when there is no link.
 * Call it while a component initialises (it sets up an effect). The markup is made by the qrcode library from the
 * office's own URL, never from anything a person typed, so it may be put in the page with {@html}.
 */
export function qrCode(url: () => string | undefined): { readonly svg: string } {
  let svg = $state('');
  $effect(() => {
    const link = url();
    svg = '';
    if (!link) return;
    let current = true;
    // Margin 4 is the quiet zone the QR standard asks for: phones read a code on a bright screen better with it.
    QRCode.toString(link, { type: 'svg', errorCorrectionLevel: 'M', margin: 4, color: { dark: '#000000', light: '#ffffff' } })
      .then((markup) => current && (svg = markup))
      .catch(() => current && (svg = ''));
    return () => {
      current = false;
    };
  });
  return {
    get svg() {
      return svg;
    },
  };
}
