/** Path normalisation as App Mesh configured Envoy: dot segments, merged slashes, unreserved escapes decoded. */
import assert from "node:assert/strict";
import { it } from "node:test";
import { normalizePath } from "../../../src/dataplane/proxy/path.js";

it("normalises paths as Envoy's normalize_path and merge_slashes do, leaving the query alone", () => {
  const cases: [string, string | undefined][] = [
    ["/a/b", "/a/b"],
    ["/a//b///c", "/a/b/c"],
    ["/a/./b/../c", "/a/c"],
    ["/../../a", "/a"],
    ["/a/b/..", "/a/"],
    ["/%7Euser/%61", "/~user/a"],
    ["/a%2fb", "/a%2Fb"],
    ["/a//b?x=//y/../", "/a/b?x=//y/../"],
    ["/bad%zz", undefined],
    ["no-slash", undefined],
  ];
  for (const [input, expected] of cases) assert.equal(normalizePath(input), expected, input);
});
