/** Bounded concurrency for file work: enough to keep the disk busy, few enough for file handles. */
const CONCURRENCY = 64;

/**
 * Run `work` on every item, at most CONCURRENCY at a time. After a failure no
 * new item starts, and the first error is thrown only once the items already
 * running have finished, so a caller cleaning up never races with them.
 */
export async function forEachLimited<T>(items: readonly T[], work: (item: T, index: number) => Promise<void>): Promise<void> {
  let next = 0;
  let failure: { error: unknown } | undefined;
  const worker = async () => {
    while (failure === undefined && next < items.length) {
      const index = next++;
      try {
        await work(items[index]!, index);
      } catch (error) {
        failure ??= { error };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(CONCURRENCY, items.length) }, worker));
  if (failure) throw failure.error;
}
