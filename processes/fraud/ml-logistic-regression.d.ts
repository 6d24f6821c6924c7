// The package ships no types; this is the part of its API the trainer uses (src/logreg.js).
declare module 'ml-logistic-regression' {
  import type { Matrix } from 'ml-matrix';

  export default class LogisticRegression {
    constructor(options?: { numSteps?: number; learningRate?: number });
    train(features: Matrix, classes: Matrix): void;
    /** One-vs-all: classifier k scores "not class k" against class k, as sigmoid(features · weights). */
    readonly classifiers: readonly { readonly weights: Matrix }[];
  }
}
