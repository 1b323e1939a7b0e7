import { assertEquals } from "../_helpers/assert.ts";
import {
  formatIpAddress,
  ipRangeContains,
  parseIpAddress,
  parseIpRange,
} from "../../src/server/_ip_address.ts";

const canonical = (text: string) => {
  const address = parseIpAddress(text);
  return address === undefined ? undefined : formatIpAddress(address);
};

Deno.test("IPv6 addresses are written in RFC 5952's canonical form", () => {
  for (
    const [text, expected] of [
      ["2001:0DB8:0000:0000:0000:0000:0000:0001", "2001:db8::1"],
      ["2001:db8:0:0:1:0:0:1", "2001:db8::1:0:0:1"],
      ["2001:db8:0:1:1:1:1:1", "2001:db8:0:1:1:1:1:1"],
      ["::", "::"],
      ["::1", "::1"],
      ["fe80::", "fe80::"],
      ["1:0:0:2:0:0:0:3", "1:0:0:2::3"],
      ["::ffff:192.0.2.1", "192.0.2.1"],
      ["64:ff9b::192.0.2.1", "64:ff9b::c000:201"],
    ]
  ) {
    assertEquals(canonical(text), expected, text);
  }
});

Deno.test("text that is not exactly an IP address is refused", () => {
  for (
    const text of [
      "",
      "1.2.3",
      "1.2.3.4.5",
      "256.1.1.1",
      "01.2.3.4",
      "1.2.3.4 ",
      "1::2::3",
      ":::",
      "1:2:3:4:5:6:7:8:9",
      "1:2:3:4:5:6:7",
      "12345::1",
      "1:1.2.3.4::",
      "1.2.3.4::1",
      "g::1",
      "localhost",
    ]
  ) {
    assertEquals(parseIpAddress(text), undefined, JSON.stringify(text));
  }
});

Deno.test("a range holds the addresses that share its prefix and no others", () => {
  const range = parseIpRange("2001:db8::/33")!.range;
  assertEquals(
    ipRangeContains(range, parseIpAddress("2001:db8:7fff::1")!),
    true,
  );
  assertEquals(
    ipRangeContains(range, parseIpAddress("2001:db8:8000::1")!),
    false,
  );
  assertEquals(ipRangeContains(range, parseIpAddress("32.1.13.184")!), false);
  const everyone = parseIpRange("0.0.0.0/0")!.range;
  assertEquals(ipRangeContains(everyone, parseIpAddress("203.0.113.9")!), true);
});

Deno.test("an IPv4-mapped range is read as the IPv4 range it maps", () => {
  const { range, maxPrefixLength } = parseIpRange("::ffff:10.0.0.0/104")!;
  assertEquals([formatIpAddress(range.network), range.prefixLength], [
    "10.0.0.0",
    8,
  ]);
  assertEquals(maxPrefixLength, 32);
});
