import { Global, Module } from '@nestjs/common';
import { getDataSourceToken } from '@nestjs/typeorm';
import { ClsPluginTransactional } from '@nestjs-cls/transactional';
import { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { ClsModule } from 'nestjs-cls';
import { Transactions } from '../database/transactions';
import { RequestContext } from './request-context';

/**
 * A context per request (AsyncLocalStorage, through nestjs-cls) carrying who asks and from where,
 * and the open transaction, which `Transactions` hands to repositories.
 */
@Global()
@Module({
  imports: [
    ClsModule.forRoot({
      global: true,
      middleware: { mount: true },
      plugins: [new ClsPluginTransactional({ adapter: new TransactionalAdapterTypeOrm({ dataSourceToken: getDataSourceToken() }) })],
    }),
  ],
  providers: [RequestContext, Transactions],
  exports: [RequestContext, Transactions],
})
export class ContextModule {}
