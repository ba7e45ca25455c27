import { Module } from '@nestjs/common';
import { CareTeamsService } from './care-teams.service';

/** The care teams of clients and couples. */
@Module({ providers: [CareTeamsService], exports: [CareTeamsService] })
export class CareTeamsModule {}
