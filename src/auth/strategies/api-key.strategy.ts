import { Injectable, OnModuleDestroy } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import { HeaderAPIKeyStrategy } from 'passport-headerapikey';
import { Actor } from '../actor';
import { Authenticator } from '../authenticator.service';
import { registerOwnName, unregister } from './own-name';

/** Clinic software's API keys (`X-API-Key: tp_<prefix>_<secret>`), looked up by prefix and compared by hash. */
@Injectable()
export class ApiKeyStrategy extends PassportStrategy(HeaderAPIKeyStrategy, 'api-key') implements OnModuleDestroy {
  readonly ownName = registerOwnName('api-key', this);

  constructor(private readonly authenticator: Authenticator) {
    super({ header: 'X-API-Key', prefix: '' }, false);
  }

  validate(presented: string): Promise<Actor> {
    return this.authenticator.apiKey(presented);
  }

  onModuleDestroy(): void {
    unregister(this.ownName);
  }
}
