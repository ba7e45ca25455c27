import type { ScenarioGroup } from '../scenario';
import { authAudit } from './auth-audit';
import { clients } from './clients';
import { measures } from './measures';
import { progress } from './progress';
import { reliability } from './reliability';
import { webhooks } from './webhooks';

/** Every group, in the order they run. A new group is one file here and one line below. */
export const SCENARIO_GROUPS: ScenarioGroup[] = [authAudit, clients, progress, reliability, measures, webhooks];
