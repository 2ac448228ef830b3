import { tableFromArrays } from 'apache-arrow';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { dictColumn, int32Column, makeTable } from '../src/columns.js';
import { DsrepError } from '../src/errors.js';
import { countsContract } from '../src/schemas.js';
import { runStage, type Stage } from '../src/stage.js';

interface Params {
  minSelected: number;
}

/** A small stage: keeps counts with k >= minSelected, draws one number. */
const keep: Stage<Params> = {
  name: 'keep',
  doc: 'test stage',
  inputs: [
    { name: 'counts', required: true, contract: countsContract },
    { name: 'extra', required: false },
  ],
  outputs: ['kept'],
  params: z.object({
    minSelected: z.number().int().min(0).default(1),
  }),
  async run(ctx) {
    const kept = await ctx.query(
      'SELECT image_id, selected_count FROM counts ' +
        'WHERE selected_count >= $1 ORDER BY image_id',
      [ctx.params.minSelected],
    );
    return {
      tables: { kept },
      metrics: { draw: ctx.rng.next(), extra: ctx.has('extra') ? 1 : 0 },
    };
  },
};

const counts = (roles: (string | null)[], k: number[] = roles.map(() => 1)) =>
  makeTable({
    image_id: dictColumn(roles.map((_, i) => `img${i}`)),
    class_id: dictColumn(roles.map(() => 'n01')),
    role: dictColumn(roles),
    selected_count: int32Column(k),
    annotator_count: int32Column(k.map(() => 10)),
  });

async function failure(p: Promise<unknown>): Promise<DsrepError> {
  const e = await p.then(
    () => undefined,
    (err: unknown) => err,
  );
  if (!(e instanceof DsrepError))
    throw new Error(`expected DsrepError, got ${e}`);
  return e;
}

describe('runStage', () => {
  it('runs a stage with defaults and a seeded stream', async () => {
    const input = { counts: counts(['reference', 'candidate'], [0, 3]) };
    const a = await runStage(keep, input, {}, { seed: 1 });
    const b = await runStage(keep, input, undefined, { seed: 1 });
    const c = await runStage(keep, input, {}, { seed: 2 });
    expect(a.tables.kept?.getChild('image_id')?.toArray()).toEqual(['img1']);
    expect(a.metrics?.draw).toBe(b.metrics?.draw);
    expect(a.metrics?.draw).not.toBe(c.metrics?.draw);
    expect(a.rowsIn).toBe(2);
    expect(a.rowsOut).toBe(1);
    expect(a.metrics?.extra).toBe(0);
  });

  it('rejects bad parameters with BAD_CONFIG naming the field', async () => {
    const input = { counts: counts(['reference']) };
    const e = await failure(
      runStage(keep, input, { minSelected: -1 }, { seed: 1 }),
    );
    expect(e.code).toBe('BAD_CONFIG');
    expect(e.message).toMatch(/minSelected/);
    const e2 = await failure(
      runStage(keep, input, { minSelected: 'two' }, { seed: 1 }),
    );
    expect(e2.message).toMatch(/minSelected/);
  });

  it('rejects a missing required input with MISSING_INPUT', async () => {
    const e = await failure(runStage(keep, {}, {}, { seed: 1 }));
    expect(e.code).toBe('MISSING_INPUT');
    expect(e.message).toMatch(/"counts"/);
  });

  it('rejects a bad enumerated value naming column and row', async () => {
    const e = await failure(
      runStage(
        keep,
        { counts: counts(['reference', 'candidate', 'refrence']) },
        {},
        {
          seed: 1,
        },
      ),
    );
    expect(e.code).toBe('BAD_INPUT');
    expect(e.location).toMatchObject({ column: 'role', row: 3 });
    expect(e.message).toMatch(/refrence/);
  });

  it('rejects nulls in a non-nullable column naming column and row', async () => {
    const e = await failure(
      runStage(keep, { counts: counts(['reference', null]) }, {}, { seed: 1 }),
    );
    expect(e.code).toBe('BAD_INPUT');
    expect(e.location).toMatchObject({ column: 'role', row: 2 });
  });

  it('rejects a missing column and a wrong type naming the column', async () => {
    const noRole = tableFromArrays({ image_id: ['a'] });
    const e = await failure(
      runStage(keep, { counts: noRole }, {}, { seed: 1 }),
    );
    expect(e.code).toBe('BAD_INPUT');
    expect(e.location.column).toBe('class_id');

    const t = counts(['reference']);
    const wrong = t.assign(
      tableFromArrays({ selected_count: Float64Array.from([1.5]) }),
    );
    const e2 = await failure(
      runStage(keep, { counts: wrong }, {}, { seed: 1 }),
    );
    expect(e2.location.column).toBe('selected_count');
  });

  it('reports SQL errors with the statement', async () => {
    const broken: Stage<Params> = {
      ...keep,
      async run(ctx) {
        await ctx.query('SELECT nope FROM counts');
        return { tables: {} };
      },
    };
    const e = await failure(
      runStage(broken, { counts: counts(['reference']) }, {}, { seed: 1 }),
    );
    expect(e.code).toBe('SQL');
    expect(e.sql).toBe('SELECT nope FROM counts');
  });
});
