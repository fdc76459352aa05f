/**
 * `work`, or a rejection with `timeoutMessage` once `ms` have passed. The timer is unref'ed (it never holds the
 * process up) and cleared as soon as either side settles. `work` itself is not cancelled.
 */
export function within<T>(work: Promise<T>, ms: number, timeoutMessage: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(new Error(timeoutMessage)), ms);
    timer.unref();
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}
