import { ApiProperty } from '@nestjs/swagger';
import { Client } from '../../clients/client.entity';
import { EnrollmentDto } from '../../enrollments/dto/enrollment.dto';
import { displayName } from '../../clients/display-name';
import { Organization } from '../../organizations/organization.entity';
import type { SessionRow } from '../../sessions/sessions.repository';
import { SESSION_KINDS, SESSION_MODALITIES, SessionKind, SessionModality } from '../../sessions/therapy-session.entity';
import { PortalClientRefDto, PortalPracticeDto } from './portal-auth.dto';

export class PortalCoupleDto {
  id!: string;
  /** The other partner, by the name they go by: nothing else of theirs. */
  partner!: PortalClientRefDto;
}

/** The signed-in client as the portal shows them to themselves. */
export class PortalMeDto {
  id!: string;
  firstName!: string;
  lastName!: string;
  preferredName!: string | null;
  pronouns!: string | null;
  email!: string | null;
  practice!: PortalPracticeDto;
  /** The couples the client is a partner in (current ones). */
  couples!: PortalCoupleDto[];
}

export function toPortalMeDto(client: Client, organization: Organization, couples: { id: string; partner: Client }[]): PortalMeDto {
  return {
    id: client.id,
    firstName: client.firstName,
    lastName: client.lastName,
    preferredName: client.preferredName,
    pronouns: client.pronouns,
    email: client.email,
    practice: { id: organization.id, name: organization.name },
    couples: couples.map((couple) => ({ id: couple.id, partner: { id: couple.partner.id, displayName: displayName(couple.partner) } })),
  };
}

/** One of the client's upcoming sessions: when, how and where; nothing of what is written about it. */
export class PortalUpcomingSessionDto {
  id!: string;
  @ApiProperty({ enum: SESSION_KINDS })
  kind!: SessionKind;
  @ApiProperty({ type: String, format: 'date-time' })
  startsAt!: string;
  @ApiProperty({ type: String, format: 'date-time' })
  endsAt!: string;
  durationMinutes!: number;
  @ApiProperty({ enum: SESSION_MODALITIES })
  modality!: SessionModality;
  location!: string | null;
}

export function toPortalUpcomingSessionDto(session: SessionRow): PortalUpcomingSessionDto {
  return {
    id: session.id,
    kind: session.kind,
    startsAt: session.startsAt,
    endsAt: session.endsAt,
    durationMinutes: session.durationMinutes,
    modality: session.modality,
    location: session.location,
  };
}

/** The programs the client works through (their own, and their couple's), read-only. */
export class PortalProgramDto {
  /** Each with its steps, their practices, the current step and progress. */
  enrollments!: EnrollmentDto[];
}
