import { Module } from '@nestjs/common';
import { ExercisesController } from './exercises.controller';
import { ExercisesRepository } from './exercises.repository';
import { ExercisesService } from './exercises.service';

/** The exercise library: the built-in exercises and the organization's own. */
@Module({
  controllers: [ExercisesController],
  providers: [ExercisesService, ExercisesRepository],
  exports: [ExercisesService, ExercisesRepository],
})
export class ExercisesModule {}
