import type { NoteDto } from '../../../src/sessions/dto/session.dto';
import { StaffKey } from '../data/people';
import { COUPLE_INTAKE, COUPLE_OBSERVATIONS, COUPLE_STEPS, GROUP_FOLLOW_UP, GROUP_OBSERVATIONS, GROUP_PLANS, GROUP_THEMES, INDIVIDUAL_LINES, StepLines } from '../data/notes';
import { Random } from '../random';
import { STEPS } from './program';

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

/** How a client is named in a note: as they like to be called, with their pronouns. */
export interface NamedClient {
  name: string;
  /** e.g. `she/her` */
  pronouns: string;
}

const SUBJECT: Record<string, string> = { 'she/her': 'she', 'he/him': 'he' };
const POSSESSIVE: Record<string, string> = { 'she/her': 'her', 'he/him': 'his' };
const they = (client: NamedClient) => SUBJECT[client.pronouns] ?? 'they';
const their = (client: NamedClient) => POSSESSIVE[client.pronouns] ?? 'their';

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
export function coupleNote(author: StaffKey, step: number | 'intake', partners: { a: NamedClient; b: NamedClient }, rng: Random, setbackReason?: string): NoteDto {
  const lines = step === 'intake' ? COUPLE_INTAKE : COUPLE_STEPS[step - 1];
  const opening = setbackReason ? `A hard week. ${setbackReason}` : undefined;
  const values = { a: partners.a.name, b: partners.b.name, a_their: their(partners.a), b_their: their(partners.b) };
  return inFormat(formatFor(author, rng), sectionsOf(lines, COUPLE_OBSERVATIONS, rng, values, opening));
}

/** A session with one client, on what their work is about; for an enrolled client, on their step (1–7). */
export function individualNote(author: StaffKey, client: NamedClient & { focus: string }, step: number | undefined, rng: Random): NoteDto {
  const values = { name: client.name, they: they(client), their: their(client), focus: client.focus };
  const sections = sectionsOf(INDIVIDUAL_LINES, INDIVIDUAL_LINES.observations, rng, values);
  if (step !== undefined) sections.assessment = `Rebuilding Trust step ${step}, ${STEPS[step - 1].title}. ${sections.assessment}`;
  return inFormat(formatFor(author, rng), sections);
}

/** A group session's note, always free text: the week's theme (a step, 1–7), who came, what next. */
export function groupNote(step: number, present: number, members: number, rng: Random): NoteDto {
  const values = { present: String(present), members: String(members) };
  const plan = present < members ? GROUP_FOLLOW_UP : rng.pick(GROUP_PLANS);
  return { format: 'free_text', text: [GROUP_THEMES[step - 1], fill(rng.pick(GROUP_OBSERVATIONS), values), plan].join('\n\n') };
}
