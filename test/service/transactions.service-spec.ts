import { Transactions } from '../../src/common/transactions';
import { createServiceContext, ServiceContext } from '../support/service-context';

/**
 * Transactions.run, the one way a service opens a transaction: alone it opens one (all or nothing); given the
 * manager of a transaction already open it joins that one, so the caller's rollback undoes the joined work too.
 */
describe('Transactions.run', () => {
  let ctx: ServiceContext;
  let tx: Transactions;
  beforeAll(async () => {
    ctx = await createServiceContext();
    tx = ctx.get(Transactions);
    await ctx.db.query('CREATE TABLE tx_probe (label text NOT NULL)');
  });
  afterAll(() => ctx.close());

  const labels = async () =>
    (await ctx.db.query<{ label: string }[]>('SELECT label FROM tx_probe ORDER BY label')).map((r) => r.label);

  it('opens a transaction of its own: committed when the work ends, nothing written when it throws', async () => {
    await tx.run(async (m) => {
      await m.query(`INSERT INTO tx_probe VALUES ('kept-1'), ('kept-2')`);
    });
    await expect(
      tx.run(async (m) => {
        await m.query(`INSERT INTO tx_probe VALUES ('lost')`);
        throw new Error('the work failed');
      }),
    ).rejects.toThrow('the work failed');
    expect(await labels()).toEqual(['kept-1', 'kept-2']);
  });

  it("joins the caller's transaction when given its manager: one connection, one rollback for both", async () => {
    await expect(
      tx.run(async (outer) => {
        const [{ pid: outerPid }] = await outer.query<{ pid: number }[]>('SELECT pg_backend_pid() AS pid');
        const innerPid = await tx.run(async (inner) => {
          await inner.query(`INSERT INTO tx_probe VALUES ('joined')`);
          return (await inner.query<{ pid: number }[]>('SELECT pg_backend_pid() AS pid'))[0].pid;
        }, outer);
        expect(innerPid).toBe(outerPid);
        throw new Error('the caller failed after the joined work');
      }),
    ).rejects.toThrow('the caller failed after the joined work');
    expect(await labels()).toEqual(['kept-1', 'kept-2']);
  });
});
