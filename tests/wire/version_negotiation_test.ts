import { assertEquals } from "../_helpers/assert.ts";
import {
  negotiateVersion,
  type ProtocolVersions,
  serverVersionOf,
} from "../../src/wire/version.ts";

const VERSIONS: ProtocolVersions = {
  version: "cccccccccccc",
  compatibleVersions: ["aaaaaaaaaaaa", "bbbbbbbbbbbb"],
  incompatibleVersions: {
    "999999999999": 'message "leave": removed (MESSAGE_REMOVED)',
  },
};

Deno.test("the server's own version is chosen when offered", () => {
  assertEquals(
    negotiateVersion("wiretype.bbbbbbbbbbbb, wiretype.cccccccccccc", VERSIONS),
    {
      subprotocol: "wiretype.cccccccccccc",
      clientVersion: "cccccccccccc",
      matches: true,
    },
  );
});

Deno.test("a client of a compatible earlier revision is accepted with its own version", () => {
  assertEquals(negotiateVersion("wiretype.aaaaaaaaaaaa", VERSIONS), {
    subprotocol: "wiretype.aaaaaaaaaaaa",
    clientVersion: "aaaaaaaaaaaa",
    matches: true,
  });
});

Deno.test("a client of an incompatible revision is refused with a reason naming what broke", () => {
  assertEquals(negotiateVersion("wiretype.999999999999", VERSIONS), {
    subprotocol: "wiretype.999999999999",
    clientVersion: "999999999999",
    matches: false,
    reason:
      'incompatible with server cccccccccccc: message "leave": removed (MESSAGE_REMOVED)',
  });
});

Deno.test("a client of an unknown version is told to regenerate", () => {
  assertEquals(
    negotiateVersion("wiretype.0123456789ab", VERSIONS).reason,
    "unknown to server cccccccccccc: client and server come from different protocol files; regenerate and deploy the older one",
  );
});

Deno.test("a client offering no wiretype subprotocol is accepted without a check", () => {
  assertEquals(negotiateVersion("graphql-ws", VERSIONS), { matches: true });
  assertEquals(negotiateVersion(null, VERSIONS), { matches: true });
});

Deno.test("a long reason of what broke is cut to a close frame's 123 bytes", () => {
  const reason = negotiateVersion("wiretype.999999999999", {
    version: "cccccccccccc",
    incompatibleVersions: { "999999999999": `field "${"é".repeat(200)}"` },
  }).reason!;
  assertEquals(new TextEncoder().encode(reason).length <= 123, true);
  assertEquals(reason.endsWith("..."), true);
});

Deno.test("a client reads the server's version from either reason", () => {
  for (const offered of ["wiretype.999999999999", "wiretype.0123456789ab"]) {
    const { reason } = negotiateVersion(offered, VERSIONS);
    assertEquals(serverVersionOf(reason!), "cccccccccccc");
  }
  assertEquals(serverVersionOf("closed by the server"), undefined);
});
