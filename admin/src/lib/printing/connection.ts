import type { PrinterConnection } from '@junban/protocol/screens';
import { say } from '$shared/staff-words';

/** How the office reaches a printer, in a line: "ネットワーク / Network 192.168.1.20:9100". */
export function connectionLabel(connection: PrinterConnection): string {
  switch (connection.kind) {
    case 'network':
      return `${say.printing.connection.network()} ${connection.host}:${connection.port}`;
    case 'usb':
      return `${say.printing.connection.usb()}${connection.path ? ` ${connection.path}` : ''}`;
    case 'agent':
      return say.printing.connection.agent();
    case 'virtual':
      return `${say.printing.connection.virtual.ja()}/ ${say.printing.connection.virtual.en()}`;
  }
}
