import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';

/**
 * The one way a service opens a database transaction (services hold no SQL: the README's code map). It
 * hands the transaction's EntityManager to `work`, which passes it on to repositories; the services
 * themselves never call it. Given the manager of a transaction already open (`within`), `work` joins
 * that one instead of opening a second.
 */
@Injectable()
export class Transactions {
  constructor(private readonly db: DataSource) {}

  run<T>(work: (m: EntityManager) => Promise<T>, within?: EntityManager): Promise<T> {
    return within ? work(within) : this.db.transaction(work);
  }
}
