import { Module } from '@nestjs/common';
import { EnrollmentsModule } from '../enrollments/enrollments.module';
import { ExercisesModule } from '../exercises/exercises.module';
import { GroupsModule } from '../groups/groups.module';
import { AssignmentsController, GroupAssignmentsController } from './assignments.controller';
import { AssignmentsService } from './assignments.service';

/** Exercises given to clients, couples and groups, and the facilitator's view of a group's. */
@Module({
  imports: [ExercisesModule, GroupsModule, EnrollmentsModule],
  controllers: [AssignmentsController, GroupAssignmentsController],
  providers: [AssignmentsService],
  exports: [AssignmentsService],
})
export class AssignmentsModule {}
