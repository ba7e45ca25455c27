import { Injectable, Logger } from '@nestjs/common';
import * as oidc from 'openid-client';
import { AuditWriter } from '../audit/audit.writer';
import { Actor } from '../auth/actor';
import { AuthSessionsService } from '../auth/auth-sessions.service';
import { SessionTokensDto } from '../auth/dto/auth.dto';
import { hashPassword } from '../auth/passwords';
import { randomSecret, sha256 } from '../auth/secrets';
import { unauthenticated } from '../auth/token.service';
import { AppConfig } from '../config/app-config';
import { Transactions } from '../database/transactions';
import { DomainError } from '../errors/domain-error';
import { ErrorCode } from '../errors/error-code';
import { SSO_CLIENT_SECRETS } from '../notes/encrypted-columns.repository';
import { NoteCipherService } from '../notes/note-cipher.service';
import { StaffDirectory } from '../staff/staff-directory';
import { StaffRepository } from '../staff/staff.repository';
import { StaffUser } from '../staff/staff-user.entity';
import { SsoSettingsDto, toSsoSettingsDto, UpdateSsoConnectionDto } from './dto/sso.dto';
import { SsoConnection } from './sso-connection.entity';
import { SsoRepository } from './sso.repository';

/** How long the provider has to answer a started sign-in. */
const SIGN_IN_TTL_SECONDS = 600;
/** How long the frontend has to exchange its one-time code. */
const CODE_TTL_SECONDS = 60;
/** How long a provider's discovered configuration (endpoints, JWKS location) is reused. */
const DISCOVERY_TTL_MS = 10 * 60_000;
export const CALLBACK_PATH = '/v1/auth/sso/callback';

const refused = (detail: string) => unauthenticated(`The single sign-on was refused: ${detail}`);

/**
 * OpenID Connect single sign-on per organization: Authorization Code flow with PKCE, state and
 * nonce, the ID token checked for issuer, audience, expiry, nonce and its signature (the provider's
 * JWKS). Tokens never travel in a URL: the callback redirects to the frontend with a one-time code,
 * which the frontend exchanges for TrustPath's tokens.
 */
@Injectable()
export class SingleSignOnService {
  private readonly logger = new Logger('SingleSignOn');
  private readonly discovered = new Map<string, { at: number; version: number; configuration: Promise<oidc.Configuration> }>();

  constructor(
    private readonly db: Transactions,
    private readonly sso: SsoRepository,
    private readonly staff: StaffRepository,
    private readonly directory: StaffDirectory,
    private readonly sessions: AuthSessionsService,
    private readonly notes: NoteCipherService,
    private readonly audit: AuditWriter,
    private readonly config: AppConfig,
  ) {}

  async get(actor: Actor): Promise<SsoSettingsDto> {
    return toSsoSettingsDto(await this.sso.findConnection(actor.organizationId), this.callbackUrl());
  }

  /** Sets the organization's identity provider (owners only); the secret is encrypted, never returned. */
  async configure(actor: Actor, dto: UpdateSsoConnectionDto): Promise<SsoSettingsDto> {
    if (actor.role !== 'owner') throw new DomainError(ErrorCode.Forbidden, 'Only an owner may configure single sign-on.');
    const issuer = new URL(dto.issuer);
    if (issuer.protocol !== 'https:' && !this.config.SSO_ALLOW_HTTP_ISSUERS) {
      throw DomainError.validation([{ field: 'issuer', message: 'must be an https URL' }]);
    }
    const unknownEmails = dto.unknownEmails ?? 'refuse';
    if (unknownEmails === 'create' && !dto.newStaffRole) {
      throw DomainError.validation([{ field: 'newStaffRole', message: 'is required when unknownEmails is create' }]);
    }
    const connection = await this.db.run(async () => {
      if (dto.breakGlassUserId) {
        const standing = await this.staff.findStanding(actor.organizationId, dto.breakGlassUserId);
        if (!standing || standing.role !== 'owner' || standing.deactivatedAt) {
          throw DomainError.validation([{ field: 'breakGlassUserId', message: 'must be an active owner of the organization' }]);
        }
      }
      if (await this.sso.slugTaken(dto.slug, actor.organizationId)) {
        throw new DomainError(ErrorCode.Conflict, 'Another organization signs in under this slug; choose another.');
      }
      return this.sso.upsertConnection({
        organizationId: actor.organizationId,
        slug: dto.slug,
        issuer: dto.issuer,
        clientId: dto.clientId,
        clientSecretEncrypted: this.notes.cipher.encrypt(dto.clientSecret, secretAad(actor.organizationId)),
        allowedDomains: [...new Set(dto.allowedDomains.map((domain) => domain.toLowerCase()))],
        redirectUris: dto.redirectUris,
        passwordsAllowed: dto.passwordsAllowed ?? true,
        breakGlassUserId: dto.breakGlassUserId ?? null,
        unknownEmails,
        newStaffRole: unknownEmails === 'create' ? dto.newStaffRole! : null,
      });
    });
    return toSsoSettingsDto(connection, this.callbackUrl());
  }

  /** The provider's authorization URL for a new sign-in that will come back to `redirectUri`. */
  async start(slug: string, redirectUri: string): Promise<string> {
    const connection = await this.sso.findConnectionBySlug(slug);
    if (!connection) throw new DomainError(ErrorCode.NotFound, 'No organization signs in under this name.');
    if (!connection.redirectUris.includes(redirectUri)) {
      throw DomainError.validation([{ field: 'redirectUri', message: 'is not one of the organization’s allowed redirect URIs' }]);
    }
    const configuration = await this.configurationOf(connection);
    const state = oidc.randomState();
    const nonce = oidc.randomNonce();
    const codeVerifier = oidc.randomPKCECodeVerifier();
    await this.sso.insertSignIn({
      organizationId: connection.organizationId,
      stateHash: sha256(state),
      codeVerifier,
      nonce,
      redirectUri,
      expiresAt: new Date(Date.now() + SIGN_IN_TTL_SECONDS * 1000),
    });
    return oidc
      .buildAuthorizationUrl(configuration, {
        redirect_uri: this.callbackUrl(),
        scope: 'openid email profile',
        response_type: 'code',
        code_challenge: await oidc.calculatePKCECodeChallenge(codeVerifier),
        code_challenge_method: 'S256',
        state,
        nonce,
      })
      .toString();
  }

  /**
   * The provider's answer (`pathAndQuery` of the callback request): checks it, finds the active
   * staff member the verified e-mail names, and answers the frontend URL carrying a one-time code.
   */
  async callback(pathAndQuery: string): Promise<string> {
    const current = new URL(pathAndQuery, this.config.PUBLIC_URL);
    const state = current.searchParams.get('state');
    const signIn = state ? await this.sso.takeAnswered(sha256(state)) : undefined;
    if (!state || !signIn || !signIn.codeVerifier || !signIn.nonce) {
      this.record(null, null, 401, 'unknownState');
      throw refused('the sign-in is unknown, expired or already answered; start again.');
    }
    const connection = await this.sso.findConnection(signIn.organizationId);
    if (!connection) throw refused('the organization no longer uses single sign-on.');
    let claims: oidc.IDToken | undefined;
    try {
      const tokens = await oidc.authorizationCodeGrant(await this.configurationOf(connection), current, {
        pkceCodeVerifier: signIn.codeVerifier,
        expectedState: state,
        expectedNonce: signIn.nonce,
        idTokenExpected: true,
      });
      claims = tokens.claims();
    } catch (error) {
      this.logger.warn({ msg: 'single sign-on answer refused', organizationId: connection.organizationId, reason: describeOidcError(error) });
      this.record(connection.organizationId, null, 401, 'providerAnswerRefused');
      throw refused('the identity provider’s answer could not be verified.');
    }
    const email = typeof claims?.email === 'string' ? claims.email.toLowerCase() : undefined;
    if (!email || claims?.email_verified === false) {
      this.record(connection.organizationId, null, 401, 'noVerifiedEmail');
      throw refused('the identity provider named no verified e-mail address.');
    }
    const domain = email.slice(email.lastIndexOf('@') + 1);
    if (!connection.allowedDomains.includes(domain)) {
      this.record(connection.organizationId, null, 401, 'domainNotAllowed');
      throw refused('this e-mail domain may not sign in to the organization.');
    }
    const [known] = await this.staff.findByEmailWithPassword(email, connection.organizationId, 1);
    if (known?.deactivatedAt || (!known && connection.unknownEmails !== 'create')) {
      this.record(connection.organizationId, known?.id ?? null, 401, known ? 'deactivated' : 'unknownEmail');
      throw refused('no active staff member of the organization has this e-mail address.');
    }
    const user = known ?? (await this.createStaff(connection, email, claims));
    const code = randomSecret(32);
    await this.sso.issueCode(signIn.id, user.id, sha256(code), CODE_TTL_SECONDS);
    const target = new URL(signIn.redirectUri);
    target.searchParams.set('code', code);
    return target.toString();
  }

  /** Trades a one-time code for TrustPath's tokens, once, within 60 seconds. */
  async exchange(code: string): Promise<SessionTokensDto> {
    const taken = await this.sso.takeCode(sha256(code));
    const user = taken ? await this.staff.find(taken.organizationId, taken.userId) : null;
    if (!taken || !user || user.deactivatedAt) {
      this.record(taken?.organizationId ?? null, taken?.userId ?? null, 401, 'codeRefused');
      throw refused('the code is unknown, expired or already used.');
    }
    const tokens = await this.db.run(async () => {
      await this.staff.recordLogin(user.organizationId, user.id);
      return this.sessions.open(user);
    });
    this.record(user.organizationId, user.id, 200);
    return tokens;
  }

  /**
   * A staff member for a verified e-mail of an allowed domain, with the organization's chosen role.
   * Their password is a random secret nobody knows: they sign in with single sign-on.
   */
  private async createStaff(connection: SsoConnection, email: string, claims: oidc.IDToken | undefined): Promise<StaffUser> {
    const name = typeof claims?.name === 'string' && claims.name.trim() ? claims.name.trim().slice(0, 200) : email.slice(0, email.indexOf('@'));
    const passwordHash = await hashPassword(randomSecret(32));
    let user: StaffUser;
    try {
      user = await this.db.run(() =>
        this.directory.insert({ organizationId: connection.organizationId, email, displayName: name, role: connection.newStaffRole!, passwordHash }),
      );
    } catch (error) {
      // Two first sign-ins of one address at once: the other one made the staff member.
      if (!(error instanceof DomainError && error.code === ErrorCode.EmailTaken)) throw error;
      const [made] = await this.staff.findByEmailWithPassword(email, connection.organizationId, 1);
      if (!made || made.deactivatedAt) throw refused('no active staff member of the organization has this e-mail address.');
      return made;
    }
    this.audit.record({
      organizationId: connection.organizationId,
      actorType: 'user',
      actorId: user.id,
      action: 'createStaffBySso',
      resourceType: 'staff',
      resourceId: user.id,
      status: 201,
    });
    return user;
  }

  callbackUrl(): string {
    return `${this.config.PUBLIC_URL}${CALLBACK_PATH}`;
  }

  /** The provider's configuration, discovered once per connection version and reused for a while. */
  private configurationOf(connection: SsoConnection): Promise<oidc.Configuration> {
    const cached = this.discovered.get(connection.organizationId);
    if (cached && cached.version === connection.version && Date.now() - cached.at < DISCOVERY_TTL_MS) return cached.configuration;
    const secret = this.notes.cipher.decrypt(connection.clientSecretEncrypted, secretAad(connection.organizationId));
    const configuration = oidc
      .discovery(new URL(connection.issuer), connection.clientId, secret, undefined, {
        execute: this.config.SSO_ALLOW_HTTP_ISSUERS ? [oidc.allowInsecureRequests] : [],
        timeout: 10,
      })
      .then((discovered) => {
        // Checks the ID token's signature against the provider's JWKS, not only its claims.
        oidc.enableNonRepudiationChecks(discovered);
        return discovered;
      });
    const entry = { at: Date.now(), version: connection.version, configuration };
    // One entry per organization: a new version of its settings replaces the last.
    this.discovered.set(connection.organizationId, entry);
    return configuration.catch((error: unknown) => {
      if (this.discovered.get(connection.organizationId) === entry) this.discovered.delete(connection.organizationId);
      this.logger.warn({ msg: 'identity provider discovery failed', organizationId: connection.organizationId, reason: describeOidcError(error) });
      throw new DomainError(ErrorCode.ServiceUnavailable, 'The organization’s identity provider cannot be reached; try again shortly.', {
        headers: { 'retry-after': '30' },
      });
    });
  }

  private record(organizationId: string | null, userId: string | null, status: number, reason?: string): void {
    this.audit.record({
      organizationId,
      actorType: userId ? 'user' : 'anonymous',
      actorId: userId,
      action: 'ssoLogin',
      resourceType: 'auth',
      resourceId: null,
      detail: reason ? { reason } : null,
      status,
    });
  }
}

/** The AAD of the client secret: bound to the organization, as key rotation re-encrypts it. */
function secretAad(organizationId: string): string {
  return SSO_CLIENT_SECRETS.aad(organizationId, organizationId);
}

/** An openid-client error's code and messages, which name the check that failed; never its details, which hold claims. */
function describeOidcError(error: unknown): string {
  if (!(error instanceof Error)) return 'unknown';
  const cause = (error as { cause?: unknown }).cause;
  const because = cause instanceof Error ? ` (${cause.message})` : '';
  return `${(error as { code?: string }).code ?? error.name}: ${error.message}${because}`;
}
