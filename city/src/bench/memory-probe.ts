/**
 * Loaded into a city process the bench starts (`node --expose-gc --import …/memory-probe.js dist/main.js`), so that
 * the bench can read the process's heap, which /proc does not show: on 'memory' from its parent, a full garbage
 * collection first (so the figure is what the process holds, not what it has yet to collect), then
 * process.memoryUsage(). Nothing else in the city changes.
 */
const gc = (globalThis as { gc?: () => void }).gc;
if (process.send) {
  process.on('message', (m: unknown) => {
    if (m !== 'memory') return;
    gc?.();
    const { rss, heapUsed, heapTotal, external } = process.memoryUsage();
    process.send?.({ memory: { rss, heapUsed, heapTotal, external } });
  });
  // The channel alone must not keep the city running once it has closed its server.
  process.channel?.unref();
}
