import { CareTeamsModule } from '../care-teams/care-teams.module';
import { Module } from '@nestjs/common';
import { StaffController } from './staff.controller';
import { StaffService } from './staff.service';

@Module({ imports: [CareTeamsModule], controllers: [StaffController], providers: [StaffService], exports: [StaffService] })
export class StaffModule {}
