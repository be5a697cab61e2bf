import type { PrinterConnection } from '@junban/protocol/screens';

/** How the office reaches a printer, in a line: "ネットワーク / Network 192.168.1.20:9100". */
export function connectionLabel(connection: PrinterConnection): string {
  switch (connection.kind) {
    case 'network':
      return `ネットワーク / Network ${connection.host}:${connection.port}`;
    case 'usb':
      return `サーバーのUSB / USB on the server${connection.path ? ` ${connection.path}` : ''}`;
    case 'agent':
      return '発券機PCのUSB / USB on a kiosk PC';
    case 'virtual':
      return '仮想（画面に表示のみ）/ Virtual (shown on screen only)';
  }
}
