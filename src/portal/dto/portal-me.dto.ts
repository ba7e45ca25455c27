import { Client } from '../../clients/client.entity';
import { displayName } from '../../clients/display-name';
import { Organization } from '../../organizations/organization.entity';
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
