// Types for the `quadprog` package (a port of R's quadprog, Goldfarb and
// Idnani's dual method). Arrays are 1-indexed, as in the Fortran original:
// element 0 is ignored. It minimises −dᵀb + ½ bᵀDb subject to Aᵀb ≥ b0,
// the first `meq` constraints as equalities; A has one column per
// constraint (Amat[variable][constraint]). Dmat and dvec are overwritten.
declare module 'quadprog' {
  namespace quadprog {
    interface QPResult {
      solution: number[];
      Lagrangian: number[];
      value: number[];
      iterations: number[];
      iact: number[];
      /** Empty on success, otherwise why the solve failed. */
      message: string;
    }
    function solveQP(
      Dmat: number[][],
      dvec: number[],
      Amat: number[][],
      bvec: number[],
      meq?: number,
    ): QPResult;
  }
  export = quadprog;
}
