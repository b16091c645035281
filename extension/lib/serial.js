// One piece of work at a time per key: a tab's pages are handled in the order they came,
// and two read-modify-writes of the same stored state never interleave (the second would
// write back what it read before the first wrote). Only work in flight is held here:
// nothing is lost when the worker stops.

const queues = new Map();

/** Run `task` after every task queued before it under `key`; resolve with its result. */
export function serially(key, task) {
  const before = queues.get(key) ?? Promise.resolve();
  const result = before.then(() => task());
  const settled = result.then(
    () => undefined,
    () => undefined,
  );
  queues.set(key, settled);
  settled.then(() => {
    if (queues.get(key) === settled) queues.delete(key);
  });
  return result;
}
