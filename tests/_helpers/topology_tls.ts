/**
 * A throwaway certificate authority and a server certificate it signed, made
 * with Debian's `openssl` for a topology test: the proxy serves the
 * certificate, and every client is given the CA (never told to skip
 * verification).
 *
 * @module
 */
import { DEBIAN_CERTUTIL, DEBIAN_OPENSSL } from "../_setup/peers.ts";
import { runProgram } from "./run_program.ts";

/** Files written by {@link makeTestCertificates}, all PEM. */
export interface TestCertificates {
  /** The CA certificate: what clients trust. */
  readonly caFile: string;
  /** The server certificate followed by the CA (nginx `ssl_certificate`). */
  readonly chainFile: string;
  /** The server's private key (nginx `ssl_certificate_key`). */
  readonly keyFile: string;
  /** Chain and key in one file (HAProxy `crt`). */
  readonly combinedFile: string;
}

const INSTALL_HINT =
  "openssl is not installed: run `apt-get install -y openssl` (deno task test installs it)";

/**
 * Writes a CA and a server certificate for `127.0.0.1` and `localhost`
 * (ECDSA P-256, valid one day) into `directory`.
 *
 * @example
 * ```ts
 * const directory = await Deno.makeTempDir();
 * const { caFile, chainFile, keyFile } = await makeTestCertificates(directory);
 * ```
 */
export async function makeTestCertificates(
  directory: string,
): Promise<TestCertificates> {
  const path = (name: string) => `${directory}/${name}`;
  await Deno.writeTextFile(
    path("server.ext"),
    [
      "basicConstraints=CA:FALSE",
      "keyUsage=digitalSignature",
      "extendedKeyUsage=serverAuth",
      "subjectAltName=IP:127.0.0.1,DNS:localhost",
    ].join("\n") + "\n",
  );
  const ecKey = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256"];
  await openssl([
    "req",
    "-x509",
    ...ecKey,
    "-nodes",
    "-days",
    "1",
    "-subj",
    "/CN=wiretype test CA",
    "-addext",
    "basicConstraints=critical,CA:TRUE",
    "-addext",
    "keyUsage=critical,keyCertSign,cRLSign",
    "-keyout",
    path("ca.key"),
    "-out",
    path("ca.pem"),
  ]);
  await openssl([
    "req",
    "-new",
    ...ecKey,
    "-nodes",
    "-subj",
    "/CN=127.0.0.1",
    "-keyout",
    path("server.key"),
    "-out",
    path("server.csr"),
  ]);
  await openssl([
    "x509",
    "-req",
    "-in",
    path("server.csr"),
    "-CA",
    path("ca.pem"),
    "-CAkey",
    path("ca.key"),
    "-CAcreateserial",
    "-days",
    "1",
    "-extfile",
    path("server.ext"),
    "-out",
    path("server.pem"),
  ]);
  const [server, ca, key] = await Promise.all(
    ["server.pem", "ca.pem", "server.key"].map((name) =>
      Deno.readTextFile(path(name))
    ),
  );
  await Deno.writeTextFile(path("chain.pem"), server + ca);
  await Deno.writeTextFile(path("combined.pem"), server + ca + key);
  return {
    caFile: path("ca.pem"),
    chainFile: path("chain.pem"),
    keyFile: path("server.key"),
    combinedFile: path("combined.pem"),
  };
}

function openssl(args: string[]): Promise<void> {
  return runTool(DEBIAN_OPENSSL, INSTALL_HINT, `openssl ${args[0]}`, args);
}

/**
 * A throwaway home directory whose NSS database trusts one CA; `await using`
 * removes it at the end of the scope.
 */
export interface TrustedCaHome extends AsyncDisposable {
  /** Pass as `HOME` to Chromium. */
  readonly home: string;
  /** Deletes the directory. */
  remove(): Promise<void>;
}

const CERTUTIL_HINT =
  "certutil is not installed: run `apt-get install -y libnss3-tools` (deno task test installs it)";

/**
 * Makes a home directory whose `~/.pki/nssdb` trusts `caFile` for TLS
 * servers. Chromium on Linux reads a user's added CAs from there, so a
 * browser started with this `HOME` verifies the test's certificates instead
 * of skipping verification (`--ignore-certificate-errors`).
 *
 * @example
 * ```ts
 * const { home, remove } = await trustedCaHome(caFile);
 * const browser = await launchChromium({ env: { HOME: home } });
 * ```
 */
export async function trustedCaHome(caFile: string): Promise<TrustedCaHome> {
  const home = await Deno.makeTempDir({ prefix: "wiretype-chromium-home-" });
  const remove = () => Deno.remove(home, { recursive: true });
  try {
    const database = `sql:${home}/.pki/nssdb`;
    await Deno.mkdir(`${home}/.pki/nssdb`, { recursive: true });
    await certutil(["-d", database, "-N", "--empty-password"]);
    await certutil([
      "-d",
      database,
      "-A",
      "-n",
      "wiretype test CA",
      "-t",
      "C,,",
      "-i",
      caFile,
    ]);
  } catch (error) {
    await remove();
    throw error;
  }
  return { home, remove, [Symbol.asyncDispose]: remove };
}

function certutil(args: string[]): Promise<void> {
  return runTool(
    DEBIAN_CERTUTIL,
    CERTUTIL_HINT,
    `certutil ${args.join(" ")}`,
    args,
  );
}

async function runTool(
  binary: string,
  installHint: string,
  what: string,
  args: string[],
): Promise<void> {
  const run = await runProgram(binary, args, { installHint });
  if (!run.success) throw new Error(`${what} failed: ${run.stderr}`);
}
