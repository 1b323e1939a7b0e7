/**
 * What verifying an HS256 token costs, with the secret as jose takes it
 * (bytes, imported into a `CryptoKey` on every call) and through
 * `createJwtVerifier` (imported once per algorithm): time per verification
 * and the process's RSS growth over a run. Every connection verifies one
 * token (at the ticket request or the upgrade), so a reconnect storm after
 * a redeploy is a burst of these. Run it with V8's collector left alone: on
 * Deno 2.9 an imported key's native memory goes only at a full collection,
 * which a small heap seldom needs.
 *
 * ```sh
 * deno run -A bench/jwt_verifier_bench.ts [--verifications=20000]
 * ```
 *
 * @module
 */
import { parseArgs } from "node:util";
import { jwtVerify, SignJWT } from "jose";
import { createJwtVerifier } from "../src/auth/jwt_verifier.ts";

const WARMUP = 2_000;
const SECRET = new TextEncoder().encode("bench-secret-".repeat(4));

async function measure(
  label: string,
  verify: () => Promise<unknown>,
  verifications: number,
): Promise<void> {
  for (let i = 0; i < WARMUP; i++) await verify();
  const rssBefore = Deno.memoryUsage().rss;
  const started = performance.now();
  for (let i = 0; i < verifications; i++) await verify();
  const elapsedMs = performance.now() - started;
  const grownMb = (Deno.memoryUsage().rss - rssBefore) / 2 ** 20;
  console.log(
    `| ${label} | ${((elapsedMs * 1000) / verifications).toFixed(1)} | ${
      grownMb.toFixed(0)
    } |`,
  );
}

const CASES = {
  "jose, secret bytes": (token: string) => () =>
    jwtVerify(token, SECRET, { algorithms: ["HS256"] }),
  "createJwtVerifier": (token: string) => {
    const verifier = createJwtVerifier({ algorithms: ["HS256"], key: SECRET });
    return () => verifier.verify(token);
  },
} as const;

async function runCase(label: keyof typeof CASES, verifications: number) {
  const token = await new SignJWT({})
    .setProtectedHeader({ alg: "HS256" })
    .setSubject("alice")
    .setIssuedAt()
    .setExpirationTime("1h")
    .sign(SECRET);
  await measure(label, CASES[label](token), verifications);
}

if (import.meta.main) {
  const { values } = parseArgs({
    args: Deno.args,
    options: {
      verifications: { type: "string", default: "20000" },
      case: { type: "string" },
    },
    strict: true,
  });
  const verifications = Number(values.verifications);
  if (values.case !== undefined) {
    await runCase(values.case as keyof typeof CASES, verifications);
  } else {
    console.log(
      `${verifications} verifications of one HS256 token, each way in a fresh process, Deno ${Deno.version.deno}\n`,
    );
    console.log(
      "| verified by | us per verification | RSS growth MiB |\n| --- | ---: | ---: |",
    );
    for (const label of Object.keys(CASES)) {
      const { code } = await new Deno.Command(Deno.execPath(), {
        args: [
          "run",
          "-A",
          import.meta.filename!,
          `--case=${label}`,
          `--verifications=${verifications}`,
        ],
        stdout: "inherit",
        stderr: "inherit",
      }).output();
      if (code !== 0) Deno.exit(code);
    }
  }
}
