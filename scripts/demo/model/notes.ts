import type { NoteDto } from '../../../src/sessions/dto/session.dto';
import { StaffKey } from '../data/people';
import { COUPLE_INTAKE, COUPLE_OBSERVATIONS, COUPLE_STEPS, GROUP_OBSERVATIONS, GROUP_PLANS, GROUP_THEMES, INDIVIDUAL_LINES, StepLines } from '../data/notes';
import { Random } from '../random';

type NoteFormat = NoteDto['format'];

/** Each practitioner writes notes their own way, most of the time. */
const USUAL_FORMAT: Record<StaffKey, NoteFormat> = {
  miriam: 'soap',
  theo: 'soap',
  amara: 'soap',
  jonah: 'dap',
  priya: 'free_text',
  sol: 'free_text',
};
const FORMATS: readonly NoteFormat[] = ['soap', 'dap', 'free_text'];

function fill(text: string, values: Record<string, string>): string {
  return text.replace(/\{(\w+)\}/g, (whole, name: string) => values[name] ?? whole);
}

interface Sections {
  subjective: string;
  objective: string;
  assessment: string;
  plan: string;
}

function inFormat(format: NoteFormat, s: Sections): NoteDto {
  if (format === 'soap') return { format, ...s };
  if (format === 'dap') return { format, data: `${s.subjective} ${s.objective}`, assessment: s.assessment, plan: s.plan };
  return { format, text: `${s.subjective} ${s.objective}\n\n${s.assessment}\n\n${s.plan}` };
}

function formatFor(author: StaffKey, rng: Random): NoteFormat {
  return rng.chance(0.8) ? USUAL_FORMAT[author] : rng.pick(FORMATS);
}

function sectionsOf(lines: StepLines, observations: readonly string[], rng: Random, values: Record<string, string>, opening?: string): Sections {
  return {
    subjective: fill(opening ?? rng.pick(lines.subjective), values),
    objective: fill(rng.pick(observations), values),
    assessment: fill(rng.pick(lines.assessment), values),
    plan: fill(rng.pick(lines.plan), values),
  };
}

/** A couple session's note: the intake, or a session on a step (1–7), or one where a setback surfaced. */
export function coupleNote(author: StaffKey, step: number | 'intake', partners: { a: string; b: string }, rng: Random, setbackReason?: string): NoteDto {
  const lines = step === 'intake' ? COUPLE_INTAKE : COUPLE_STEPS[step - 1];
  const opening = setbackReason ? `A hard week. ${setbackReason}` : undefined;
  return inFormat(formatFor(author, rng), sectionsOf(lines, COUPLE_OBSERVATIONS, rng, partners, opening));
}

export function individualNote(author: StaffKey, client: { name: string; focus: string }, rng: Random): NoteDto {
  return inFormat(formatFor(author, rng), sectionsOf(INDIVIDUAL_LINES, INDIVIDUAL_LINES.observations, rng, client));
}

/** A group session's note, always free text: the week's theme (a step, 1–7), who came, what next. */
export function groupNote(step: number, present: number, members: number, rng: Random): NoteDto {
  const values = { present: String(present), members: String(members) };
  return { format: 'free_text', text: [GROUP_THEMES[step - 1], fill(rng.pick(GROUP_OBSERVATIONS), values), rng.pick(GROUP_PLANS)].join('\n\n') };
}
