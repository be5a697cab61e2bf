import type { StepState } from '@junban/protocol/screens';
import type { StepMark } from '$lib/language/languages';

/** A step as the resident thinks of it: finished, the one that matters now, still to come, or stopped. */
export function stepMark(state: StepState): StepMark {
  switch (state) {
    case 'done':
      return 'done';
    case 'pending':
      return 'later';
    case 'cancelled':
    case 'expired':
      return 'closed';
    default:
      return 'now';
  }
}
