import { assert, assertEquals } from "../_helpers/assert.ts";
import { DEFINE_IMPORT } from "../_helpers/codegen_errors.ts";
import { generateAndImport } from "../_helpers/codegen_run.ts";

/** An auction house whose names start with the protocol's name, and an RPC without a doc comment. */
const AUCTION = `${DEFINE_IMPORT}
export interface Auction extends Protocol<"/auction"> {
  client: {
    auctionWatch: { item: string };
    bid: Rpc<{ item: string; amount: number }, { accepted: boolean }>;
  };
  server: {
    auctionClosed: { item: string };
    auctioneerSpeaks: { text: string };
  };
}
`;

Deno.test("a message name that starts with the protocol's name is not prefixed twice", async () => {
  const { exports, files } = await generateAndImport("auction", AUCTION);
  assert(typeof exports.validateAuctionClosedEvent === "function");
  assert(typeof exports.validateAuctionWatchMessage === "function");
  for (const [name, text] of files) {
    assertEquals(
      text.match(/AuctionAuction(Closed|Watch)/g),
      null,
      `${name} doubles the prefix`,
    );
  }
});

Deno.test("a message name that only starts with the same letters keeps the prefix", async () => {
  const { exports } = await generateAndImport("auction", AUCTION);
  assert(typeof exports.validateAuctionAuctioneerSpeaksEvent === "function");
});

Deno.test("an RPC without documentation gets a full sentence, and no generated doc comment is empty", async () => {
  const { files } = await generateAndImport("auction", AUCTION);
  const protocol = files.get("auction_protocol.ts")!;
  assert(protocol.includes("/** Request of bid. */"), protocol);
  for (const [name, text] of files) {
    assertEquals(text.match(/\/\*\*\s*\*\/|:\s*\*\//g), null, name);
  }
});
