import { z } from 'zod';

/**
 * The same schema with every object in it strict: a request field the schema does not know is refused
 * (`unrecognized_keys`) instead of being dropped without a word — a misspelt `asistance` must not quietly issue an
 * ordinary ticket. Objects that already take extra keys (a `LocalizedText`'s other languages) keep doing so.
 *
 * Applied to every input of the API table, so a newly declared endpoint is strict without anyone remembering it;
 * the shared model schemas stay lenient, because they also read stored data and imported files.
 */
export function strictInput<T extends z.ZodType>(schema: T): T {
  const def = (schema as unknown as { _zod: { def: Record<string, unknown> & { type: string } } })._zod.def;
  const strict = (s: unknown) => strictInput(s as z.ZodType);
  const clone = (changes: Record<string, unknown>) => (schema as unknown as { clone(def: unknown): T }).clone({ ...def, ...changes });
  switch (def.type) {
    case 'object': {
      const shape = Object.fromEntries(Object.entries(def.shape as Record<string, z.ZodType>).map(([k, v]) => [k, strict(v)]));
      return clone({ shape, catchall: def.catchall ?? z.never() });
    }
    case 'array':
      return clone({ element: strict(def.element) });
    case 'optional':
    case 'nullable':
    case 'default':
    case 'prefault':
    case 'nonoptional':
    case 'readonly':
    case 'catch':
      return clone({ innerType: strict(def.innerType) });
    case 'pipe':
      return clone({ in: strict(def.in), out: strict(def.out) });
    case 'union':
      return clone({ options: (def.options as z.ZodType[]).map(strict) });
    // Two strict halves of an intersection would each refuse the other's keys: join objects with .safeExtend.
    case 'record':
      return clone({ valueType: strict(def.valueType) });
    default:
      return schema;
  }
}
