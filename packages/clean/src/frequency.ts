import { scalars, type Conn } from './sql.js';

/** Mean selection frequencies of v1 and v2 and their gap. */
export interface FrequencyFacts {
  /** Mean over reference (v1) images of k/n; null without any. */
  reference: number | null;
  /** Mean over replication (v2) images of k/n; null without any. */
  replication: number | null;
  /** reference − replication: the v1−v2 gap of SPEC section 8. */
  gap: number | null;
  /** Fewest and median annotations (n) per non-control image. */
  minN: number | null;
  medianN: number | null;
}

/**
 * Selection-frequency facts over a per-image relation `perImage`
 * (columns role, k, n; a fixed temp table name, never input data).
 * Images with n = 0 have no frequency and are left out of the means.
 */
export async function frequencyFacts(
  conn: Conn,
  perImage: string,
): Promise<FrequencyFacts> {
  const r = await scalars(
    conn,
    `SELECT avg(k::DOUBLE / n) FILTER (WHERE role = 'reference' AND n > 0)
              AS reference,
            avg(k::DOUBLE / n) FILTER (WHERE role = 'replication' AND n > 0)
              AS replication,
            min(n) FILTER (WHERE role <> 'control')::DOUBLE AS min_n,
            median(n) FILTER (WHERE role <> 'control')::DOUBLE AS median_n
     FROM ${perImage}`,
  );
  const reference = r.reference ?? null;
  const replication = r.replication ?? null;
  return {
    reference,
    replication,
    gap:
      reference === null || replication === null
        ? null
        : reference - replication,
    minN: r.min_n ?? null,
    medianN: r.median_n ?? null,
  };
}
