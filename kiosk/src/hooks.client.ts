import { z } from 'zod';

// Loaded before any page: zod would otherwise probe `new Function` (to compile fast parsers) when the protocol's
// schemas are made, which the office's Content-Security-Policy blocks and reports as a violation. Parsing without
// compiled code is fast enough for a screen.
z.config({ jitless: true });
