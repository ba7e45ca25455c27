import { Module } from '@nestjs/common';
import { NotesModule } from '../notes/notes.module';
import { SingleSignOnService } from './single-sign-on.service';
import { SsoController } from './sso.controller';

/** OpenID Connect single sign-on per organization. */
@Module({
  imports: [NotesModule],
  controllers: [SsoController],
  providers: [SingleSignOnService],
})
export class SsoModule {}
