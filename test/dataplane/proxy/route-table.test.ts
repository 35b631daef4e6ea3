/** The proxy's routing function on its own: virtual host choice, every match kind, first match wins, weighted picks. */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { Route, RouteConfiguration } from "../../../src/dataplane/envoy/route.js";
import type { RoutableRequest } from "../../../src/dataplane/proxy/matchers.js";
import { RouteTable } from "../../../src/dataplane/proxy/route-table.js";

function request(
  path: string,
  headers: Record<string, string> = {},
  method = "GET",
  authority = "svc",
): RoutableRequest {
  return { authority, path, method, scheme: "http", header: (name) => headers[name] };
}

const route = (name: string, match: Route["match"]): Route => ({ name, match, route: { cluster: name } });

function table(routes: Route[]): RouteTable {
  const config: RouteConfiguration = {
    name: "rds",
    virtual_hosts: [
      { name: "svc", domains: ["svc", "svc:80"], routes },
      { name: "wild", domains: ["*.example.com"], routes: [route("wild", { prefix: "/" })] },
      { name: "prefixed", domains: ["api.*"], routes: [route("prefixed", { prefix: "/" })] },
      { name: "any", domains: ["*"], routes: [route("any", { prefix: "/" })] },
    ],
  };
  return new RouteTable(config);
}

const winner = (t: RouteTable, r: RoutableRequest) => {
  const result = t.route(r);
  return result.kind === "route" ? result.route.config.name : result.kind;
};

describe("route table", () => {
  it("chooses the virtual host by exact domain, then suffix and prefix wildcards, then *", () => {
    const t = table([route("r", { prefix: "/" })]);
    assert.equal(winner(t, request("/", {}, "GET", "svc")), "r");
    assert.equal(winner(t, request("/", {}, "GET", "SVC:80")), "r");
    assert.equal(winner(t, request("/", {}, "GET", "a.b.example.com")), "wild");
    assert.equal(winner(t, request("/", {}, "GET", "api.local")), "prefixed");
    assert.equal(winner(t, request("/", {}, "GET", "svc:81")), "any");
  });

  it("takes the first route that matches, in order", () => {
    const t = table([route("api", { prefix: "/api" }), route("all", { prefix: "/" })]);
    assert.equal(winner(t, request("/api/x")), "api");
    assert.equal(winner(t, request("/apix")), "api", "a prefix is a plain string prefix, as in Envoy");
    assert.equal(winner(t, request("/other")), "all");
  });

  it("matches exact and regex paths on the path alone, not the query", () => {
    const t = table([route("exact", { path: "/a" }), route("regex", { safe_regex: { regex: "/b/[0-9]+" } })]);
    assert.equal(winner(t, request("/a?x=1")), "exact");
    assert.equal(winner(t, request("/a/")), "no-route");
    assert.equal(winner(t, request("/b/42?y")), "regex");
    assert.equal(winner(t, request("/b/42x")), "no-route", "a regex must match the whole path");
  });

  it("matches headers exact, prefix, suffix, regex, range, present, inverted; method and scheme as pseudo-headers", () => {
    const h = (name: string, rest: object) => route(name, { prefix: "/", headers: [{ name: "x", ...rest }] });
    const t = table([
      h("exact", { string_match: { exact: "a" } }),
      h("prefix", { string_match: { prefix: "pre" } }),
      h("suffix", { string_match: { suffix: "fix" } }),
      h("regex", { string_match: { safe_regex: { regex: "r[0-9]" } } }),
      h("range", { range_match: { start: "10", end: "20" } }),
      route("not-y", {
        prefix: "/",
        headers: [
          { name: "y", present_match: true, invert_match: true },
          { name: ":method", string_match: { exact: "DELETE" } },
        ],
      }),
      route("scheme", { prefix: "/", headers: [{ name: ":scheme", string_match: { exact: "https" } }] }),
    ]);
    assert.equal(winner(t, request("/", { x: "a" })), "exact");
    assert.equal(winner(t, request("/", { x: "prefab" })), "prefix");
    assert.equal(winner(t, request("/", { x: "suffix" })), "suffix");
    assert.equal(winner(t, request("/", { x: "r7" })), "regex");
    assert.equal(winner(t, request("/", { x: "r77" })), "no-route");
    assert.equal(winner(t, request("/", { x: "19" })), "range");
    assert.equal(winner(t, request("/", { x: "20" })), "no-route", "a range's end is exclusive");
    assert.equal(winner(t, request("/", {}, "DELETE")), "not-y");
    assert.equal(winner(t, request("/", { y: "1" }, "DELETE")), "no-route");
  });

  it("matches query parameters by exact value or presence", () => {
    const t = table([
      route("exact", { prefix: "/", query_parameters: [{ name: "v", string_match: { exact: "2" } }] }),
      route("present", { prefix: "/", query_parameters: [{ name: "debug", present_match: true }] }),
    ]);
    assert.equal(winner(t, request("/?a=1&v=2")), "exact");
    assert.equal(winner(t, request("/?v=3&debug")), "present");
    assert.equal(winner(t, request("/?v=3")), "no-route");
  });

  it("says why a route does not take a request", () => {
    const t = table([
      route("beta", { prefix: "/", headers: [{ name: "x-beta-user", string_match: { exact: "true" } }] }),
    ]);
    const [beta] = t.hosts[0]?.routes ?? [];
    assert.equal(beta?.mismatch(request("/")), "header x-beta-user is absent; the route needs it to be true");
    assert.equal(
      beta?.mismatch(request("/", { "x-beta-user": "no" })),
      "header x-beta-user is no; the route needs it to be true",
    );
    assert.equal(beta?.mismatch(request("/", { "x-beta-user": "true" })), undefined);
  });

  it("picks weighted clusters in proportion, never a weight of 0", () => {
    const t = new RouteTable({
      name: "rds",
      virtual_hosts: [
        {
          name: "svc",
          domains: ["svc"],
          routes: [
            {
              match: { prefix: "/" },
              route: {
                weighted_clusters: {
                  clusters: [
                    { name: "a", weight: 90 },
                    { name: "zero", weight: 0 },
                    { name: "b", weight: 10 },
                  ],
                },
              },
            },
          ],
        },
      ],
    });
    const [weighted] = t.hosts[0]?.routes ?? [];
    assert.equal(weighted?.pickCluster(0), "a");
    assert.equal(weighted?.pickCluster(0.8999), "a");
    assert.equal(weighted?.pickCluster(0.9), "b");
    assert.equal(weighted?.pickCluster(0.9999), "b");
  });
});
