// autocannon ships no types and @types/autocannon is not a dependency; this declares only what the
// bench uses (see node_modules/autocannon/lib/aggregateResult.js for the full result shape).
declare module "autocannon" {
  type Histogram = {
    average: number;
    mean: number;
    stddev: number;
    min: number;
    max: number;
    total: number;
    p50: number;
    p90: number;
    p97_5: number;
    p99: number;
  };

  /** One request as autocannon builds it; setupRequest gets and returns this shape. */
  type RequestParams = {
    method?: string;
    path?: string;
    headers?: Record<string, string>;
    body?: string | Buffer;
  };

  type RequestSpec = RequestParams & {
    /** Called before every send of this request; must return a fresh object (autocannon mutates it). */
    setupRequest?: (request: RequestParams) => RequestParams;
  };

  type Options = {
    url: string;
    /** Cycled through per connection; with one entry that has setupRequest, every request is built anew. */
    requests?: RequestSpec[];
    connections?: number;
    duration?: number;
    pipelining?: number;
    /** Seconds before a request counts as a timeout (and an error). */
    timeout?: number;
    method?: string;
    headers?: Record<string, string>;
    body?: string;
    title?: string;
  };

  type Result = {
    url: string;
    /** Seconds, measured. */
    duration: number;
    connections: number;
    errors: number;
    timeouts: number;
    mismatches: number;
    non2xx: number;
    resets: number;
    statusCodeStats: Record<string, { count: number }>;
    /** Milliseconds; only 2xx responses are recorded. */
    latency: Histogram;
    /** Per-second samples; `total` is the number of completed requests. */
    requests: Histogram & { sent: number };
    throughput: Histogram;
  };

  type Instance = PromiseLike<Result> & {
    on(event: "reqError", listener: (error: Error) => void): Instance;
  };

  function autocannon(options: Options): Instance;

  export type { Options, Result, Instance, RequestParams, RequestSpec };
  export default autocannon;
}
