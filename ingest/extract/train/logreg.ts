// Multinomial logistic regression on sparse binary features, L2-regularised, fitted by L-BFGS (Nocedal & Wright,
// "Numerical Optimization", Alg. 7.4 with an Armijo backtracking line search). Deterministic: a fixed summation order
// and no randomness, so the same data gives the same weights bit for bit. Checked against scikit-learn in the tests.

/**
 * Training data: example i has feature indexes `x[i]` (value 1 each) and the set of classes `y[i]` allows, as a bit
 * mask (one bit for an ordinary label; several for a partial label such as "dataset or benchmark", whose loss is
 * −log Σ_{c∈S} p(c|x)).
 */
export interface Dataset {
  x: Int32Array[];
  y: Int32Array;
  /** Number of features and classes. */
  d: number;
  k: number;
  /** Optional per-example weights (default 1). */
  w?: Float64Array;
  /**
   * Optional prior means of the weights, `prior[f * k + c]` (default 0): the penalty is (λ/2)‖W − prior‖², a Gaussian
   * prior centred on what a declared rule says its evidence means, which the data then moves.
   */
  prior?: Float64Array;
}

export interface FitOptions {
  /** L2 strength: the objective is Σ wᵢ·(−log p(yᵢ|xᵢ)) + (λ/2)‖W − prior‖² (the bias is not penalised). */
  lambda: number;
  maxIterations: number;
  /**
   * Extra L2 strength on the difference of two classes' weights, (μ/2)‖(W_a − W_b) − (prior_a − prior_b)‖²: a feature
   * then tells the two apart only where the data insist (0: off).
   */
  ties?: readonly { a: number; b: number; strength: number }[];
  /** Stop when ‖∇‖∞ falls below this. */
  tolerance: number;
  /** L-BFGS memory. */
  memory: number;
}

export const FIT_DEFAULTS: FitOptions = { lambda: 1, maxIterations: 500, tolerance: 1e-5, memory: 10 };

/** Fitted parameters: `weights[f * k + c]`, `bias[c]`. */
export interface Fitted {
  d: number;
  k: number;
  weights: Float64Array;
  bias: Float64Array;
  iterations: number;
  loss: number;
}

/** Objective and gradient at θ = [W (d·k), b (k)]. */
function objective(data: Dataset, theta: Float64Array, lambda: number, grad: Float64Array, ties: FitOptions['ties'] = []): number {
  const { x, y, d, k } = data;
  const bOff = d * k;
  grad.fill(0);
  let loss = 0;
  const z = new Float64Array(k);
  for (let i = 0; i < x.length; i++) {
    const xi = x[i]!;
    const wi = data.w ? data.w[i]! : 1;
    for (let c = 0; c < k; c++) z[c] = theta[bOff + c]!;
    for (let j = 0; j < xi.length; j++) {
      const base = xi[j]! * k;
      for (let c = 0; c < k; c++) z[c]! += theta[base + c]!;
    }
    let max = -Infinity;
    for (let c = 0; c < k; c++) if (z[c]! > max) max = z[c]!;
    let sum = 0;
    for (let c = 0; c < k; c++) {
      z[c] = Math.exp(z[c]! - max);
      sum += z[c]!;
    }
    const yi = y[i]!;
    let inS = 0;
    for (let c = 0; c < k; c++) if (yi & (1 << c)) inS += z[c]!;
    loss += wi * (Math.log(sum) - Math.log(inS));
    for (let c = 0; c < k; c++) {
      const g = wi * (z[c]! / sum - (yi & (1 << c) ? z[c]! / inS : 0));
      z[c] = g;
      grad[bOff + c]! += g;
    }
    for (let j = 0; j < xi.length; j++) {
      const base = xi[j]! * k;
      for (let c = 0; c < k; c++) grad[base + c]! += z[c]!;
    }
  }
  const prior = data.prior;
  for (let p = 0; p < bOff; p++) {
    const dw = prior ? theta[p]! - prior[p]! : theta[p]!;
    loss += 0.5 * lambda * dw * dw;
    grad[p]! += lambda * dw;
  }
  for (const tie of ties) {
    if (tie.strength > 0) for (let f = 0; f < d; f++) {
      const pa = f * k + tie.a;
      const pb = f * k + tie.b;
      const diff = theta[pa]! - theta[pb]! - (prior ? prior[pa]! - prior[pb]! : 0);
      loss += 0.5 * tie.strength * diff * diff;
      grad[pa]! += tie.strength * diff;
      grad[pb]! -= tie.strength * diff;
    }
  }
  return loss;
}

const dot = (a: Float64Array, b: Float64Array): number => {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i]! * b[i]!;
  return s;
};

/** Fits the model; starts from zero weights. */
export function fit(data: Dataset, options: Partial<FitOptions> = {}): Fitted {
  const o = { ...FIT_DEFAULTS, ...options };
  if (!(o.lambda > 0)) throw new RangeError('logreg: invalid `lambda`, expecting a positive number');
  const n = data.d * data.k + data.k;
  let theta = new Float64Array(n);
  let grad = new Float64Array(n);
  let loss = objective(data, theta, o.lambda, grad, o.ties);
  const S: Float64Array[] = [];
  const Y: Float64Array[] = [];
  const rho: number[] = [];
  const dir = new Float64Array(n);
  const next = new Float64Array(n);
  const nextGrad = new Float64Array(n);
  let it = 0;
  for (; it < o.maxIterations; it++) {
    let gmax = 0;
    for (let p = 0; p < n; p++) gmax = Math.max(gmax, Math.abs(grad[p]!));
    if (gmax < o.tolerance) break;
    // Two-loop recursion: dir = −H·grad.
    dir.set(grad);
    const alpha: number[] = new Array(S.length);
    for (let m = S.length - 1; m >= 0; m--) {
      alpha[m] = rho[m]! * dot(S[m]!, dir);
      const ym = Y[m]!;
      for (let p = 0; p < n; p++) dir[p]! -= alpha[m]! * ym[p]!;
    }
    const gamma = S.length ? dot(S[S.length - 1]!, Y[Y.length - 1]!) / dot(Y[Y.length - 1]!, Y[Y.length - 1]!) : 1 / Math.max(1, gmax);
    for (let p = 0; p < n; p++) dir[p]! *= gamma;
    for (let m = 0; m < S.length; m++) {
      const beta = rho[m]! * dot(Y[m]!, dir);
      const sm = S[m]!;
      for (let p = 0; p < n; p++) dir[p]! += sm[p]! * (alpha[m]! - beta);
    }
    for (let p = 0; p < n; p++) dir[p] = -dir[p]!;
    let slope = dot(grad, dir);
    if (slope >= 0) {
      // Not a descent direction (numerical trouble): restart from steepest descent.
      S.length = 0;
      Y.length = 0;
      rho.length = 0;
      for (let p = 0; p < n; p++) dir[p] = -grad[p]!;
      slope = dot(grad, dir);
    }
    // Armijo backtracking.
    let step = 1;
    let nextLoss = Infinity;
    for (let tries = 0; tries < 40; tries++) {
      for (let p = 0; p < n; p++) next[p] = theta[p]! + step * dir[p]!;
      nextLoss = objective(data, next, o.lambda, nextGrad, o.ties);
      if (nextLoss <= loss + 1e-4 * step * slope) break;
      step *= 0.5;
    }
    if (!(nextLoss < loss)) break;
    const s = new Float64Array(n);
    const yv = new Float64Array(n);
    for (let p = 0; p < n; p++) {
      s[p] = next[p]! - theta[p]!;
      yv[p] = nextGrad[p]! - grad[p]!;
    }
    const sy = dot(s, yv);
    if (sy > 1e-12) {
      S.push(s);
      Y.push(yv);
      rho.push(1 / sy);
      if (S.length > o.memory) {
        S.shift();
        Y.shift();
        rho.shift();
      }
    }
    const converged = (loss - nextLoss) / Math.max(1, Math.abs(loss)) < 1e-10;
    [theta, grad] = [next.slice(), nextGrad.slice()];
    loss = nextLoss;
    if (converged) break;
  }
  return { d: data.d, k: data.k, weights: theta.slice(0, data.d * data.k), bias: theta.slice(data.d * data.k), iterations: it, loss };
}

/** Class probabilities of one example. */
export function predictProba(m: Fitted, xi: Int32Array): number[] {
  const z = Array.from(m.bias);
  for (let j = 0; j < xi.length; j++) {
    const base = xi[j]! * m.k;
    for (let c = 0; c < m.k; c++) z[c]! += m.weights[base + c]!;
  }
  const max = Math.max(...z);
  const e = z.map((v) => Math.exp(v - max));
  const s = e.reduce((a, b) => a + b, 0);
  return e.map((v) => v / s);
}
