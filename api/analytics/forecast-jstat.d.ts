// jstat ships no types; this declares the one function the forecasts use (forecast-normal.ts).
declare module 'jstat' {
  const jstat: {
    readonly jStat: {
      readonly normal: {
        /** The quantile of N(mean, sd) at probability p. */
        inv(p: number, mean: number, sd: number): number;
      };
    };
  };
  export = jstat;
}
