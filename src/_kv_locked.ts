/**
 * A local Deno KV file shared by several handles (the workers of `deno
 * serve --parallel`, or processes on one machine) answers "database is
 * locked" while another writer holds it. Nothing was written then, so the
 * stores run the step again after a short, jittered wait.
 *
 * @module
 */

const LOCKED_ATTEMPTS = 20;
const LOCKED_BACKOFF_MS = 5;

/**
 * Runs `step`, again while it fails because the database is locked (up to
 * 20 attempts, about a second in all); any other error, or the last one,
 * is thrown. `step` must be safe to repeat: a read, or a versionstamp-
 * checked atomic write that re-reads what it checks.
 */
export async function retryWhileLocked<T>(step: () => Promise<T>): Promise<T> {
  for (let attempt = 1;; attempt++) {
    try {
      return await step();
    } catch (error) {
      const locked = error instanceof Error &&
        error.message.includes("database is locked");
      if (!locked || attempt >= LOCKED_ATTEMPTS) throw error;
      const jitterMs = Math.random() * LOCKED_BACKOFF_MS * attempt;
      await new Promise((resolve) => setTimeout(resolve, jitterMs));
    }
  }
}
