/** Matching a peer certificate's SANs as Envoy's validator does: by type, exactly, DNS wildcards one label deep. */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { SubjectAltNameMatcher } from "../../../../src/dataplane/envoy/tls.js";
import { matchesSans, subjectAltNames } from "../../../../src/dataplane/proxy/tls/peer.js";

const dns = (exact: string): SubjectAltNameMatcher => ({ san_type: "DNS", matcher: { exact } });

describe("peer SANs", () => {
  it("reads Node's subjectaltname text, quoted values included", () => {
    assert.deepEqual(
      subjectAltNames('DNS:a.local, IP Address:127.0.0.1, URI:spiffe://shop/front, email:x@y, DNS:"b,c.local"'),
      [
        { type: "DNS", value: "a.local" },
        { type: "IP_ADDRESS", value: "127.0.0.1" },
        { type: "URI", value: "spiffe://shop/front" },
        { type: "DNS", value: "b,c.local" },
      ],
    );
  });

  it("matches by type: a URI SAN does not satisfy a DNS matcher with the same text", () => {
    assert.equal(matchesSans("URI:cart.local", [dns("cart.local")]), false);
    assert.equal(matchesSans("DNS:cart.local", [dns("cart.local")]), true);
    assert.equal(matchesSans("DNS:CART.local", [dns("cart.LOCAL")]), true);
  });

  it("lets a wildcard certificate stand for one label, not two, nor the bare domain", () => {
    assert.equal(matchesSans("DNS:*.shop.local", [dns("cart.shop.local")]), true);
    assert.equal(matchesSans("DNS:*.shop.local", [dns("a.cart.shop.local")]), false);
    assert.equal(matchesSans("DNS:*.shop.local", [dns("shop.local")]), false);
  });

  it("compares IP addresses as addresses, and any of several matchers may match", () => {
    const ip = (exact: string): SubjectAltNameMatcher => ({ san_type: "IP_ADDRESS", matcher: { exact } });
    assert.equal(matchesSans("IP Address:0:0:0:0:0:0:0:1", [ip("::1")]), true);
    assert.equal(matchesSans("IP Address:127.0.0.2", [ip("127.0.0.1")]), false);
    assert.equal(matchesSans("DNS:b.local", [dns("a.local"), dns("b.local")]), true);
  });
});
