/** Opens the driver for a configured printer, whatever its connection; virtual printers are kept for reading back. */
import type { Printer } from '@junban/protocol';
import { agentDriver } from './agent-link.js';
import { localDriver, type PrinterDriver } from './driver.js';
import { NetworkPrinter } from './network.js';
import { DevicePrinter, LibUsbPrinter } from './usb.js';
import { VirtualPrinter } from './virtual.js';
import type { AgentLink } from '../realtime/port.js';

export class PrinterConnections {
  private readonly virtuals = new Map<string, VirtualPrinter>();

  constructor(private readonly agentOf: (deviceId: string) => AgentLink | undefined) {}

  open(printer: Printer): PrinterDriver {
    const c = printer.connection;
    switch (c.kind) {
      case 'network':
        return localDriver(new NetworkPrinter(c.host, c.port));
      case 'usb':
        return localDriver(c.path ? new DevicePrinter(c.path) : new LibUsbPrinter({ vendorId: c.vendorId, productId: c.productId }));
      case 'agent':
        return agentDriver(() => this.agentOf(c.deviceId));
      case 'virtual':
        return localDriver(this.virtual(printer.id, true)!);
    }
  }

  /** The virtual printer with this id; it outlives configuration changes so its tickets stay readable. */
  virtual(printerId: string, create = false): VirtualPrinter | undefined {
    let printer = this.virtuals.get(printerId);
    if (!printer && create) {
      printer = new VirtualPrinter();
      this.virtuals.set(printerId, printer);
    }
    return printer;
  }
}
