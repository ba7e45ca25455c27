import { Module } from '@nestjs/common';
import { CareTeamsModule } from '../care-teams/care-teams.module';
import { ScreeningsModule } from '../screenings/screenings.module';
import { CouplesController } from './couples.controller';
import { CouplesService } from './couples.service';

/** Couples: two clients in couples work, with their care team and combined safety. */
@Module({
  imports: [CareTeamsModule, ScreeningsModule],
  controllers: [CouplesController],
  providers: [CouplesService],
  exports: [CouplesService],
})
export class CouplesModule {}
