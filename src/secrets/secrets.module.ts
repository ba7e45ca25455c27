import { Global, Module } from '@nestjs/common';
import { InstanceSecrets } from './secrets.service';

@Global()
@Module({ providers: [InstanceSecrets], exports: [InstanceSecrets] })
export class SecretsModule {}
