import { databaseFailureOf } from './database-failure';

const pgError = (code: string) => Object.assign(new Error('boom'), { code });
const queryFailed = (driverError: unknown) => Object.assign(new Error('query failed'), { name: 'QueryFailedError', driverError });

describe('databaseFailureOf', () => {
  it.each([
    ['refused', Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' }), 'unavailable', 'ECONNREFUSED'],
    ['terminated by the administrator', queryFailed(pgError('57P01')), 'unavailable', '57P01'],
    ['starting up', pgError('57P03'), 'unavailable', '57P03'],
    ['a connection exception', pgError('08006'), 'unavailable', '08006'],
    ['too many connections', pgError('53300'), 'unavailable', '53300'],
    ['the connection lost mid-query', new Error('Connection terminated unexpectedly'), 'unavailable', 'connection-terminated'],
    ['no connection from the pool in time', new Error('timeout exceeded when trying to connect'), 'unavailable', 'pool-acquire-timeout'],
    ['statement_timeout', queryFailed(pgError('57014')), 'timeout', '57014'],
    ['lock_timeout', queryFailed(pgError('55P03')), 'timeout', '55P03'],
    ['a released query runner', Object.assign(new Error('released'), { name: 'QueryRunnerAlreadyReleasedError' }), 'unavailable', 'query-runner-released'],
  ])('sees %s', (_what, error, kind, reason) => {
    expect(databaseFailureOf(error)).toEqual({ kind, reason });
  });

  it('names the real cause under a released query runner', () => {
    const released = Object.assign(new Error('released'), { name: 'QueryRunnerAlreadyReleasedError', cause: pgError('57P01') });
    expect(databaseFailureOf(released)).toEqual({ kind: 'unavailable', reason: '57P01' });
  });

  it.each([
    ['a unique violation', queryFailed(pgError('23505'))],
    ['a syntax error', queryFailed(pgError('42601'))],
    ['a plain bug', new TypeError('x is undefined')],
    ['nothing', undefined],
  ])('leaves %s to be a 500', (_what, error) => {
    expect(databaseFailureOf(error)).toBeUndefined();
  });
});
