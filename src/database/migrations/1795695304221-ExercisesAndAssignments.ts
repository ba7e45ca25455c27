import { MigrationInterface, QueryRunner } from 'typeorm';
import { builtInExerciseId } from '../../exercises/built-in/exercise-ids';
import { BUILT_IN_EXERCISES } from '../../exercises/built-in/exercise-library';

export class ExercisesAndAssignments1795695304221 implements MigrationInterface {
  name = 'ExercisesAndAssignments1795695304221';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("CREATE TABLE \"exercises\" (\"id\" uuid NOT NULL DEFAULT gen_random_uuid(), \"organization_id\" uuid, \"key\" text NOT NULL, \"step_key\" text NOT NULL, \"practice_key\" text, \"title\" text NOT NULL, \"instructions\" text NOT NULL, \"estimated_minutes\" integer, \"audience\" text NOT NULL DEFAULT 'either', \"created_at\" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), \"updated_at\" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), \"version\" integer NOT NULL DEFAULT '1', \"archived_at\" TIMESTAMP WITH TIME ZONE, CONSTRAINT \"exercises_built_in_not_archived_check\" CHECK (organization_id IS NOT NULL OR archived_at IS NULL), CONSTRAINT \"exercises_estimated_minutes_check\" CHECK (estimated_minutes IS NULL OR estimated_minutes BETWEEN 1 AND 600), CONSTRAINT \"exercises_audience_check\" CHECK (audience IN ('individual', 'couple', 'either')), CONSTRAINT \"PK_c4c46f5fa89a58ba7c2d894e3c3\" PRIMARY KEY (\"id\"))");
    await queryRunner.query("CREATE INDEX \"exercises_org_step\" ON \"exercises\"  (\"organization_id\", \"step_key\", \"practice_key\") ");
    await queryRunner.query("CREATE INDEX \"exercises_org_updated\" ON \"exercises\"  (\"organization_id\", \"updated_at\", \"id\") ");
    await queryRunner.query("CREATE INDEX \"exercises_org_created\" ON \"exercises\"  (\"organization_id\", \"created_at\", \"id\") ");
    await queryRunner.query("CREATE UNIQUE INDEX \"exercises_org_key_key\" ON \"exercises\"  (\"organization_id\", \"key\") ");
    await queryRunner.query("CREATE TABLE \"assignments\" (\"organization_id\" uuid NOT NULL, \"id\" uuid NOT NULL DEFAULT gen_random_uuid(), \"created_at\" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), \"updated_at\" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), \"version\" integer NOT NULL DEFAULT '1', \"exercise_id\" uuid NOT NULL, \"client_id\" uuid NOT NULL, \"couple_id\" uuid, \"group_id\" uuid, \"batch_id\" uuid NOT NULL, \"assigned_by_type\" text NOT NULL, \"assigned_by_id\" uuid NOT NULL, \"due_on\" date, \"instructions\" text, \"status\" text NOT NULL DEFAULT 'assigned', \"response\" text, \"started_at\" TIMESTAMP WITH TIME ZONE, \"completed_at\" TIMESTAMP WITH TIME ZONE, \"skipped_at\" TIMESTAMP WITH TIME ZONE, CONSTRAINT \"assignments_skipped_check\" CHECK ((status = 'skipped') = (skipped_at IS NOT NULL)), CONSTRAINT \"assignments_completed_check\" CHECK ((status = 'completed') = (completed_at IS NOT NULL)), CONSTRAINT \"assignments_assigned_by_type_check\" CHECK (assigned_by_type IN ('user', 'apiKey')), CONSTRAINT \"assignments_origin_check\" CHECK (couple_id IS NULL OR group_id IS NULL), CONSTRAINT \"assignments_status_check\" CHECK (status IN ('assigned', 'in_progress', 'completed', 'skipped')), CONSTRAINT \"PK_a101dab1574c4456616bf1fa118\" PRIMARY KEY (\"organization_id\", \"id\"))");
    await queryRunner.query("CREATE INDEX \"assignments_status_due\" ON \"assignments\"  (\"organization_id\", \"status\", \"due_on\") ");
    await queryRunner.query("CREATE UNIQUE INDEX \"assignments_batch_client_key\" ON \"assignments\"  (\"organization_id\", \"batch_id\", \"client_id\") ");
    await queryRunner.query("CREATE INDEX \"assignments_group_client\" ON \"assignments\"  (\"organization_id\", \"group_id\", \"client_id\") ");
    await queryRunner.query("CREATE INDEX \"assignments_couple\" ON \"assignments\"  (\"organization_id\", \"couple_id\") ");
    await queryRunner.query("CREATE INDEX \"assignments_client_due\" ON \"assignments\"  (\"organization_id\", \"client_id\", \"due_on\") ");
    await queryRunner.query("CREATE INDEX \"assignments_org_updated\" ON \"assignments\"  (\"organization_id\", \"updated_at\", \"id\") ");
    await queryRunner.query("CREATE INDEX \"assignments_org_created\" ON \"assignments\"  (\"organization_id\", \"created_at\", \"id\") ");
    await queryRunner.query("ALTER TABLE \"exercises\" ADD CONSTRAINT \"FK_02d055edf027fa6e180dd515362\" FOREIGN KEY (\"organization_id\") REFERENCES \"organizations\"(\"id\") ON DELETE RESTRICT ON UPDATE NO ACTION");
    await queryRunner.query("ALTER TABLE \"assignments\" ADD CONSTRAINT \"FK_52d5e90e08abee4d047fc0cf513\" FOREIGN KEY (\"organization_id\") REFERENCES \"organizations\"(\"id\") ON DELETE RESTRICT ON UPDATE NO ACTION");
    await queryRunner.query("ALTER TABLE \"assignments\" ADD CONSTRAINT \"FK_1d5bfe3af111f7cce7d4d3afa96\" FOREIGN KEY (\"exercise_id\") REFERENCES \"exercises\"(\"id\") ON DELETE RESTRICT ON UPDATE NO ACTION");
    await queryRunner.query("ALTER TABLE \"assignments\" ADD CONSTRAINT \"FK_b21b73f53ce5bcbde514a875c21\" FOREIGN KEY (\"organization_id\", \"client_id\") REFERENCES \"clients\"(\"organization_id\",\"id\") ON DELETE RESTRICT ON UPDATE NO ACTION");
    await queryRunner.query("ALTER TABLE \"assignments\" ADD CONSTRAINT \"FK_1fefc6344c929c03bb47c066ceb\" FOREIGN KEY (\"organization_id\", \"couple_id\") REFERENCES \"couples\"(\"organization_id\",\"id\") ON DELETE RESTRICT ON UPDATE NO ACTION");
    await queryRunner.query("ALTER TABLE \"assignments\" ADD CONSTRAINT \"FK_fcf2cc1c6627123a77ffc6952fa\" FOREIGN KEY (\"organization_id\", \"group_id\") REFERENCES \"groups\"(\"organization_id\",\"id\") ON DELETE RESTRICT ON UPDATE NO ACTION");
    // An index TypeORM can't express (declared with synchronize: false on the entity).
    await queryRunner.query('CREATE UNIQUE INDEX "exercises_built_in_key_key" ON "exercises" ("key") WHERE "organization_id" IS NULL');
    // The built-in library, from its content in src/exercises/built-in (the single source), with ids
    // derived from the keys. From here on a change to a built-in exercise is a new migration.
    for (const exercise of BUILT_IN_EXERCISES) {
      await queryRunner.query(
        `INSERT INTO "exercises" ("id", "organization_id", "key", "step_key", "practice_key", "title", "instructions", "estimated_minutes", "audience")
         VALUES ($1, NULL, $2, $3, $4, $5, $6, $7, $8)`,
        [
          builtInExerciseId(exercise.key),
          exercise.key,
          exercise.stepKey,
          exercise.practiceKey ?? null,
          exercise.title,
          exercise.instructions,
          exercise.estimatedMinutes,
          exercise.audience,
        ],
      );
    }
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP INDEX "exercises_built_in_key_key"');
    await queryRunner.query("ALTER TABLE \"assignments\" DROP CONSTRAINT \"FK_fcf2cc1c6627123a77ffc6952fa\"");
    await queryRunner.query("ALTER TABLE \"assignments\" DROP CONSTRAINT \"FK_1fefc6344c929c03bb47c066ceb\"");
    await queryRunner.query("ALTER TABLE \"assignments\" DROP CONSTRAINT \"FK_b21b73f53ce5bcbde514a875c21\"");
    await queryRunner.query("ALTER TABLE \"assignments\" DROP CONSTRAINT \"FK_1d5bfe3af111f7cce7d4d3afa96\"");
    await queryRunner.query("ALTER TABLE \"assignments\" DROP CONSTRAINT \"FK_52d5e90e08abee4d047fc0cf513\"");
    await queryRunner.query("ALTER TABLE \"exercises\" DROP CONSTRAINT \"FK_02d055edf027fa6e180dd515362\"");
    await queryRunner.query("DROP INDEX \"public\".\"assignments_org_created\"");
    await queryRunner.query("DROP INDEX \"public\".\"assignments_org_updated\"");
    await queryRunner.query("DROP INDEX \"public\".\"assignments_client_due\"");
    await queryRunner.query("DROP INDEX \"public\".\"assignments_couple\"");
    await queryRunner.query("DROP INDEX \"public\".\"assignments_group_client\"");
    await queryRunner.query("DROP INDEX \"public\".\"assignments_batch_client_key\"");
    await queryRunner.query("DROP INDEX \"public\".\"assignments_status_due\"");
    await queryRunner.query("DROP TABLE \"assignments\"");
    await queryRunner.query("DROP INDEX \"public\".\"exercises_org_key_key\"");
    await queryRunner.query("DROP INDEX \"public\".\"exercises_org_created\"");
    await queryRunner.query("DROP INDEX \"public\".\"exercises_org_updated\"");
    await queryRunner.query("DROP INDEX \"public\".\"exercises_org_step\"");
    await queryRunner.query("DROP TABLE \"exercises\"");
  }
}
