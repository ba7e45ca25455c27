import { Controller, Get } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Public } from '../auth/authorize.decorator';
import { DomainError } from '../errors/domain-error';
import { ErrorCode } from '../errors/error-code';
import { ApiProblems } from '../openapi/api-problems.decorator';
import { HealthDto } from './dto/health.dto';
import { HealthRepository } from './health.repository';

const READINESS_TIMEOUT_MS = 2000;

@ApiTags('Health')
@Public()
@Controller('health')
export class HealthController {
  constructor(private readonly database: HealthRepository) {}

  @Get('live')
  @ApiOperation({ summary: 'Liveness: the process is up and serving requests' })
  @ApiOkResponse({ type: HealthDto })
  getLiveness(): HealthDto {
    return { status: 'ok' };
  }

  @Get('ready')
  @ApiOperation({ summary: 'Readiness: the database answers (503 problem+json when it does not)' })
  @ApiOkResponse({ type: HealthDto })
  @ApiProblems(503)
  async getReadiness(): Promise<HealthDto> {
    let timer: NodeJS.Timeout | undefined;
    try {
      await Promise.race([
        this.database.ping(),
        new Promise((_, reject) => {
          timer = setTimeout(() => reject(new Error('readiness timeout')), READINESS_TIMEOUT_MS);
        }),
      ]);
    } catch {
      throw new DomainError(ErrorCode.ServiceUnavailable, 'The database is not reachable.', {
        headers: { 'retry-after': '5' },
      });
    } finally {
      clearTimeout(timer);
    }
    return { status: 'ok', database: 'up' };
  }
}
