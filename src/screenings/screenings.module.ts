import { Module } from '@nestjs/common';
import { SafetyScreeningsController } from './safety-screenings.controller';
import { SafetyScreeningsService } from './safety-screenings.service';

/** Clients' safety screenings, which gate joint sessions. */
@Module({ controllers: [SafetyScreeningsController], providers: [SafetyScreeningsService], exports: [SafetyScreeningsService] })
export class ScreeningsModule {}
