/** How long-running commands (`mesh serve`, `mesh up`) learn that they should stop. */

/**
 * Resolves on the first SIGINT or SIGTERM. bin/mesh.js answers SIGINT by exiting 130 at once; while
 * serving, Ctrl-C means "stop serving", so its listeners are set aside until the first signal and put
 * back after it: a second Ctrl-C during shutdown still ends the process at once. Listeners are added
 * before others are removed: with none left for a moment, Node would drop a signal just received.
 */
export function stopSignal(): Promise<void> {
  const setAside = process.listeners("SIGINT");
  return new Promise((resolve) => {
    const stop = () => {
      for (const listener of setAside) process.on("SIGINT", listener);
      process.off("SIGINT", stop);
      process.off("SIGTERM", stop);
      resolve();
    };
    process.on("SIGINT", stop);
    process.on("SIGTERM", stop);
    for (const listener of setAside) process.off("SIGINT", listener);
  });
}
