import { Injectable } from '@nestjs/common';
import { ValidatedLoginGuard } from '../../auth/strategies/credential.guards';
import { PortalLoginDto } from '../dto/portal-auth.dto';
import { PortalPasswordStrategy } from './portal-password.strategy';

/** The portal login route's: a client's e-mail and passphrase. */
@Injectable()
export class PortalLoginGuard extends ValidatedLoginGuard {
  constructor(strategy: PortalPasswordStrategy) {
    super(strategy.ownName, PortalLoginDto, 'An email and a passphrase are required.');
  }
}
