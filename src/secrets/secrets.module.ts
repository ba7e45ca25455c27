import { Global, Module } from '@nestjs/common';
import { InstanceSettingsRepository } from './instance-settings.repository';
import { InstanceSecrets } from './secrets.service';

@Global()
@Module({ providers: [InstanceSettingsRepository, InstanceSecrets], exports: [InstanceSecrets] })
export class SecretsModule {}
