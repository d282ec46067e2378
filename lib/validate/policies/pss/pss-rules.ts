import type { Rule } from '../../rule';
import { BASELINE_CONTROLS } from './baseline';
import { pssRule } from './pss-control';
import { RESTRICTED_CONTROLS } from './restricted';

/** Every Pod Security Standards control (baseline, then restricted) as its own waivable policy rule. */
export const PSS_RULES: readonly Rule[] = [...BASELINE_CONTROLS, ...RESTRICTED_CONTROLS].map(pssRule);
