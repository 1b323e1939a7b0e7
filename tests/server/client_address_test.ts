import { assertEquals, assertThrows } from "../_helpers/assert.ts";
import {
  createClientAddressResolver,
  type TrustedProxies,
} from "@wiretype/wiretype/server";

/** The address `trustedProxies` makes of a request from `peer` with `headers`. */
function clientOf(
  trustedProxies: TrustedProxies | undefined,
  peer: string | { path: string },
  headers: HeadersInit = {},
): string {
  const remoteAddr: Deno.Addr = typeof peer === "string"
    ? { transport: "tcp", hostname: peer, port: 40_000 }
    : { transport: "unix", path: peer.path };
  const info = {
    remoteAddr,
    completed: Promise.resolve(),
  } as Deno.ServeHandlerInfo;
  return createClientAddressResolver(trustedProxies)(
    new Request("http://chat.example.com/chat", { headers }),
    info,
  );
}

Deno.test("without trusted proxies the socket peer is the client, whatever the headers say", () => {
  assertEquals(
    clientOf(undefined, "198.51.100.7", {
      "x-forwarded-for": "203.0.113.9",
      forwarded: "for=203.0.113.9",
    }),
    "198.51.100.7",
  );
});

Deno.test("a trusted proxy's X-Forwarded-For names the client", () => {
  assertEquals(
    clientOf(["10.0.0.10"], "10.0.0.10", { "x-forwarded-for": "203.0.113.9" }),
    "203.0.113.9",
  );
});

Deno.test("a peer that is not a trusted proxy cannot set its address with X-Forwarded-For", () => {
  assertEquals(
    clientOf(["10.0.0.10"], "198.51.100.7", {
      "x-forwarded-for": "203.0.113.9",
    }),
    "198.51.100.7",
  );
});

Deno.test("a chain is read from the right: trusted hops are skipped and what the client wrote is ignored", () => {
  assertEquals(
    clientOf(["10.0.0.0/8"], "10.0.0.10", {
      "x-forwarded-for": "1.2.3.4, 203.0.113.9, 10.0.0.20",
    }),
    "203.0.113.9",
  );
});

Deno.test("several X-Forwarded-For header lines are read as one chain, in order", () => {
  const headers = [
    ["x-forwarded-for", "203.0.113.9"],
    ["x-forwarded-for", "198.51.100.7"],
  ] as [string, string][];
  assertEquals(clientOf(["10.0.0.10"], "10.0.0.10", headers), "198.51.100.7");
  assertEquals(
    clientOf(["10.0.0.10", "198.51.100.7"], "10.0.0.10", headers),
    "203.0.113.9",
  );
});

Deno.test("when every hop is trusted the furthest one is the client", () => {
  assertEquals(
    clientOf(["loopback"], "127.0.0.1", { "x-forwarded-for": "127.0.0.5" }),
    "127.0.0.5",
  );
});

Deno.test("a trusted proxy that forwarded nothing is itself the client", () => {
  assertEquals(clientOf(["10.0.0.10"], "10.0.0.10"), "10.0.0.10");
});

Deno.test("a garbage hop stops the walk at the last address known", () => {
  assertEquals(
    clientOf(["10.0.0.0/8"], "10.0.0.10", {
      "x-forwarded-for": "203.0.113.9, not-an-ip, 10.0.0.20",
    }),
    "10.0.0.20",
  );
});

Deno.test("ports and brackets in X-Forwarded-For hops are dropped", () => {
  assertEquals(
    clientOf(["10.0.0.10"], "10.0.0.10", {
      "x-forwarded-for": "203.0.113.9:5678",
    }),
    "203.0.113.9",
  );
  assertEquals(
    clientOf(["10.0.0.10"], "10.0.0.10", {
      "x-forwarded-for": "[2001:db8::7]:443",
    }),
    "2001:db8::7",
  );
});

Deno.test("the Forwarded header is read when chosen, with quoted IPv6 and ports", () => {
  assertEquals(
    clientOf(
      { addresses: ["10.0.0.10"], header: "forwarded" },
      "10.0.0.10",
      {
        forwarded:
          'for=1.2.3.4, for="[2001:DB8:cafe::17]:4711";proto=https;by=10.0.0.10',
        "x-forwarded-for": "198.51.100.1",
      },
    ),
    "2001:db8:cafe::17",
  );
});

Deno.test("with the Forwarded header chosen, X-Forwarded-For is ignored", () => {
  assertEquals(
    clientOf({ addresses: ["10.0.0.10"], header: "forwarded" }, "10.0.0.10", {
      "x-forwarded-for": "203.0.113.9",
    }),
    "10.0.0.10",
  );
});

Deno.test("an obfuscated Forwarded identifier leaves the proxy as the client", () => {
  assertEquals(
    clientOf({ addresses: ["10.0.0.10"], header: "forwarded" }, "10.0.0.10", {
      forwarded: "for=_hidden",
    }),
    "10.0.0.10",
  );
});

Deno.test("IPv6 proxies and ranges are matched, and addresses come out in canonical form", () => {
  assertEquals(
    clientOf(["fd00::/8"], "fd12:3456::1", {
      "x-forwarded-for": "2001:DB8:0:0:0:0:0:1",
    }),
    "2001:db8::1",
  );
});

Deno.test("an IPv4-mapped IPv6 peer matches an IPv4 range and is reported as IPv4", () => {
  assertEquals(
    clientOf(["10.0.0.0/8"], "::ffff:10.0.0.10", {
      "x-forwarded-for": "::ffff:203.0.113.9",
    }),
    "203.0.113.9",
  );
});

Deno.test("a CIDR range trusts exactly its addresses", () => {
  const headers = { "x-forwarded-for": "203.0.113.9" };
  assertEquals(
    clientOf(["172.16.0.0/12"], "172.31.255.254", headers),
    "203.0.113.9",
  );
  assertEquals(
    clientOf(["172.16.0.0/12"], "172.32.0.1", headers),
    "172.32.0.1",
  );
});

Deno.test("the named ranges cover loopback, link-local and private networks", () => {
  const headers = { "x-forwarded-for": "203.0.113.9" };
  for (
    const [name, peer] of [
      ["loopback", "::1"],
      ["linklocal", "169.254.10.1"],
      ["uniquelocal", "192.168.1.1"],
      ["uniquelocal", "fd00::5"],
    ]
  ) {
    assertEquals(clientOf([name], peer, headers), "203.0.113.9", name);
  }
  assertEquals(clientOf(["uniquelocal"], "127.0.0.1", headers), "127.0.0.1");
});

Deno.test("a proxy on a Unix socket is trusted only when the list says unix", () => {
  const headers = { "x-forwarded-for": "203.0.113.9" };
  assertEquals(
    clientOf(["unix"], { path: "/run/chat.sock" }, headers),
    "203.0.113.9",
  );
  assertEquals(
    clientOf(["loopback"], { path: "/run/chat.sock" }, headers),
    "unknown",
  );
});

Deno.test("a malformed address is refused with a TypeError naming the entry", () => {
  assertThrows(
    () => createClientAddressResolver(["10.0.0.10", "10.0.0.300"]),
    (error: Error) =>
      error instanceof TypeError &&
      error.message.includes("trustedProxies[1] must be") &&
      error.message.includes('"10.0.0.300"'),
  );
});

Deno.test("a prefix length out of range is refused with a RangeError", () => {
  assertThrows(
    () => createClientAddressResolver(["10.0.0.0/33"]),
    (error: Error) =>
      error instanceof RangeError && /0 to 32/.test(error.message),
  );
  assertThrows(
    () => createClientAddressResolver(["fd00::/129"]),
    (error: Error) =>
      error instanceof RangeError && /0 to 128/.test(error.message),
  );
});

Deno.test("a setting that is not a list is refused with a TypeError", () => {
  assertThrows(
    () =>
      createClientAddressResolver(
        "10.0.0.10" as unknown as TrustedProxies,
      ),
    (error: Error) =>
      error instanceof TypeError && /must be a list/.test(error.message),
  );
});

Deno.test("an unknown header name is refused with a TypeError", () => {
  assertThrows(
    () =>
      createClientAddressResolver({
        addresses: ["10.0.0.10"],
        header: "x-real-ip" as "forwarded",
      }),
    (error: Error) =>
      error instanceof TypeError &&
      /trustedProxies\.header must be "x-forwarded-for" or "forwarded"/.test(
        error.message,
      ),
  );
});
