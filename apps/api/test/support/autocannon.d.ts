// The parts of autocannon's programmatic API the tests use (the package ships no types).
declare module 'autocannon' {
  interface AutocannonOptions {
    url: string;
    connections?: number;
    duration?: number;
    amount?: number;
  }
  interface AutocannonResult {
    requests: { average: number; total: number };
    non2xx: number;
    errors: number;
    /** Responses by status class. */
    '2xx': number;
    '4xx': number;
  }
  function autocannon(opts: AutocannonOptions): Promise<AutocannonResult>;
  export default autocannon;
}
