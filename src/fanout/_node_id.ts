/**
 * A fresh node id: random, so isolates and workers started from the same
 * code never collide, and short enough to read in logs.
 */
export function createNodeId(): string {
  return crypto.randomUUID().replaceAll("-", "").slice(0, 16);
}
