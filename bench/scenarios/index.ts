import type { ScenarioGroup } from '../scenario';
import { authAudit } from './auth-audit';
import { clients } from './clients';
import { exportsGroup } from './exports';
import { measures } from './measures';
import { records } from './records';
import { reliability } from './reliability';
import { runtime } from './runtime';
import { webhooks } from './webhooks';

/** Every group, in the order they run. A new group is one file here and one line below. */
export const SCENARIO_GROUPS: ScenarioGroup[] = [authAudit, clients, records, runtime, reliability, measures, exportsGroup, webhooks];
