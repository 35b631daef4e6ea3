/**
 * Reading a mesh from the forms it lives in: the shop mesh written as a CloudFormation template, as
 * controller manifests and as Terraform state gives the same documents as its hand-written
 * documents.yaml; then each form's own rules (intrinsics, the controller's naming, Terraform's unset
 * values and plans, saved AWS CLI output), and problems named by file, resource and path.
 */
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, it } from "node:test";
import { parseAllDocuments } from "yaml";
import { sortDocuments } from "../../../src/migrate/import/imported.js";
import { loadSources, type Sources } from "../../../src/migrate/import/load.js";
import { documentValue } from "../../../src/migrate/import/write.js";
import { stableJson } from "../../../src/model/stable-json.js";
import { repoRoot } from "../../helpers/paths.js";

const SHOP = join(repoRoot, "test", "fixtures", "migrate", "shop");
const CLI_OUTPUT = join(repoRoot, "test", "fixtures", "migrate", "cli-output");

/** Documents as canonical JSON, in dependency order. */
const canonical = (sources: Sources) =>
  sortDocuments(sources.imported.documents).map((doc) => stableJson(documentValue(doc)));
const handWritten = () =>
  parseAllDocuments(readFileSync(join(SHOP, "documents.yaml"), "utf8")).map((doc) => stableJson(doc.toJS()));

const scratch = mkdtempSync(join(tmpdir(), "mesh-import-"));
after(() => rmSync(scratch, { recursive: true, force: true }));
function file(name: string, text: string): string {
  const path = join(scratch, name);
  writeFileSync(path, text);
  return path;
}
const problems = (sources: Sources) =>
  sources.imported.problems.map((p) => [p.resource, p.path, p.message].filter(Boolean).join(": "));

describe("the same mesh in three forms", () => {
  it("CloudFormation, controller manifests and Terraform state give identical App Mesh documents, the hand-written ones", async () => {
    const cfn = await loadSources([join(SHOP, "shop.cfn.yaml")], { VpcId: "vpc-0abc1234" });
    const k8s = await loadSources([join(SHOP, "k8s")]);
    const tf = await loadSources([join(SHOP, "terraform.json")]);
    for (const sources of [cfn, k8s, tf]) assert.deepEqual(sources.imported.problems, []);
    const appMesh = (docs: string[]) => docs.filter((doc) => !doc.includes('"servicediscovery '));
    assert.deepEqual(appMesh(canonical(k8s)), appMesh(canonical(cfn)));
    assert.deepEqual(canonical(tf), canonical(cfn));
    assert.deepEqual([...canonical(cfn)].sort(), [...handWritten()].sort());
  });

  it("each form is recognised from its content, and what is neither App Mesh nor Cloud Map is listed as left aside", async () => {
    const sources = await loadSources([SHOP], { VpcId: "vpc-1" });
    assert.deepEqual([...new Set(sources.formats.values())].sort(), [
      "cloudformation",
      "documents",
      "kubernetes",
      "terraform",
    ]);
    assert.ok(sources.imported.skipped.some((s) => s.endsWith("Resources.Cluster (AWS::ECS::Cluster)")));
    assert.ok(sources.imported.skipped.some((s) => s.endsWith("Deployment shop/catalog-v1")));
    assert.ok(sources.imported.skipped.some((s) => s.endsWith("aws_ecs_cluster.shop")));
  });
});

describe("CloudFormation", () => {
  const template = (resources: string, extra = "") =>
    file("t.yaml", `Parameters:\n  Env: { Type: String, Default: dev }\n${extra}Resources:\n${resources}`);

  it("resolves !Sub with parameters and attributes, !If with AWS::NoValue, !Select and !Split", async () => {
    const path = template(
      `  M:
    Type: AWS::AppMesh::Mesh
    Properties:
      MeshName: !Sub "\${Env}-mesh"
      Spec: !If [Never, { EgressFilter: { Type: ALLOW_ALL } }, !Ref AWS::NoValue]
  R:
    Type: AWS::AppMesh::VirtualRouter
    Properties:
      MeshName: !Select [0, !Split [",", !Sub "\${M.MeshName},other"]]
      VirtualRouterName: !Join ["-", [!Ref Env, router]]
      Spec: { Listeners: [{ PortMapping: { Port: "8080", Protocol: http } }] }
`,
      "Conditions:\n  Never: !Equals [a, b]\n",
    );
    const sources = await loadSources([path]);
    assert.deepEqual(sources.imported.problems, []);
    assert.deepEqual(
      sources.imported.documents.map((d) => d.input),
      [
        { meshName: "dev-mesh" },
        {
          meshName: "dev-mesh",
          spec: { listeners: [{ portMapping: { port: 8080, protocol: "http" } }] },
          virtualRouterName: "dev-router",
        },
      ],
    );
  });

  it("--parameter overrides a default; a resource whose condition is false is left out", async () => {
    const path = template(
      `  M:
    Type: AWS::AppMesh::Mesh
    Properties: { MeshName: !Ref Env }
  Debug:
    Type: AWS::AppMesh::Mesh
    Condition: IsProd
    Properties: { MeshName: debug }
`,
      'Conditions:\n  IsProd: !Equals [!Ref Env, "prod"]\n',
    );
    const names = async (parameters: Record<string, string>) =>
      (await loadSources([path], parameters)).imported.documents.map((d) => d.input.meshName);
    assert.deepEqual(await names({}), ["dev"]);
    assert.deepEqual(await names({ Env: "prod" }), ["prod", "debug"]);
  });

  it("names what cannot be resolved statically, with the resource and the path", async () => {
    const path = template(`  N:
    Type: AWS::AppMesh::VirtualNode
    Properties:
      MeshName: !ImportValue shared-mesh
      VirtualNodeName: n
      Spec: {}
  S:
    Type: AWS::AppMesh::VirtualService
    Properties:
      MeshName: m
      VirtualServiceName: !Sub "\${AWS::StackName}.local"
      Spec: { Provider: { VirtualNode: { VirtualNodeName: !GetAtt Task.Arn } } }
  Task:
    Type: AWS::ECS::TaskDefinition
`);
    assert.deepEqual(problems(await loadSources([path])), [
      'Resources.N: Properties.MeshName.Fn::ImportValue: cannot be resolved statically: Fn::ImportValue "shared-mesh" is another stack\'s output',
      "Resources.S: Properties.VirtualServiceName.Fn::Sub: cannot be resolved statically: AWS::StackName is known at deployment: give it with --parameter AWS::StackName=VALUE",
    ]);
  });

  it("a Ref to an App Mesh resource is its ARN, known once region and account are given", async () => {
    const path = template(`  M:
    Type: AWS::AppMesh::Mesh
    Properties: { MeshName: m }
  S:
    Type: AWS::AppMesh::VirtualService
    Properties:
      MeshName: !GetAtt M.MeshName
      VirtualServiceName: !Select [1, !Split ["/", !Ref M]]
      Spec: {}
`);
    assert.match(problems(await loadSources([path])).join("\n"), /AWS::Region is known at deployment/);
    const sources = await loadSources([path], { "AWS::Region": "eu-west-1", "AWS::AccountId": "111122223333" });
    assert.equal(sources.imported.documents[1]?.input.virtualServiceName, "m");
  });

  it("an unknown property keeps the resource out, named where it is written", async () => {
    const path = template(`  N:
    Type: AWS::AppMesh::VirtualNode
    Properties:
      MeshName: m
      VirtualNodeName: n
      Spec: { Listeners: [{ PortMapping: { Port: 80, Protocol: http }, Colour: blue }] }
`);
    assert.deepEqual(problems(await loadSources([path])), [
      "Resources.N: Properties.Spec.Listeners[0].Colour: unknown property Colour",
    ]);
  });
});

describe("Kubernetes manifests for the App Mesh controller", () => {
  it("names resources name_namespace (a virtual service name.namespace) unless awsName says otherwise", async () => {
    const path = file(
      "named.yaml",
      `apiVersion: appmesh.k8s.aws/v1beta2
kind: Mesh
metadata: { name: m }
spec: { namespaceSelector: { matchLabels: { mesh: m } } }
---
apiVersion: appmesh.k8s.aws/v1beta2
kind: VirtualNode
metadata: { name: web, namespace: front }
spec: { backends: [{ virtualService: { virtualServiceRef: { name: api, namespace: back } } }] }
---
apiVersion: appmesh.k8s.aws/v1beta2
kind: VirtualService
metadata: { name: api, namespace: back }
spec: { provider: { virtualNode: { virtualNodeRef: { name: web, namespace: front } } } }
`,
    );
    const sources = await loadSources([path]);
    assert.deepEqual(sources.imported.problems, []);
    assert.deepEqual(
      sources.imported.documents.map((d) => [
        d.operation,
        d.input.virtualNodeName ?? d.input.virtualServiceName,
        d.input.spec,
      ]),
      [
        ["create-mesh", undefined, {}],
        ["create-virtual-node", "web_front", { backends: [{ virtualService: { virtualServiceName: "api.back" } }] }],
        ["create-virtual-service", "api.back", { provider: { virtualNode: { virtualNodeName: "web_front" } } }],
      ],
    );
  });

  it("a namespace belongs to the mesh whose namespaceSelector selects its labels", async () => {
    const path = file(
      "two-meshes.yaml",
      `apiVersion: v1
kind: Namespace
metadata: { name: red, labels: { team: red } }
---
apiVersion: appmesh.k8s.aws/v1beta2
kind: Mesh
metadata: { name: blue-mesh }
spec: { namespaceSelector: { matchLabels: { team: blue } } }
---
apiVersion: appmesh.k8s.aws/v1beta2
kind: Mesh
metadata: { name: red-mesh }
spec:
  awsName: red-mesh-aws
  namespaceSelector: { matchExpressions: [{ key: team, operator: In, values: [red, pink] }] }
---
apiVersion: appmesh.k8s.aws/v1beta2
kind: VirtualRouter
metadata: { name: r, namespace: red }
spec: { awsName: r, listeners: [{ portMapping: { port: 80, protocol: http } }] }
`,
    );
    const router = (await loadSources([path])).imported.documents.find((d) => d.operation === "create-virtual-router");
    assert.equal(router?.input.meshName, "red-mesh-aws");
  });

  it("a reference to a resource not in the manifests is named with the referrer and the path", async () => {
    const path = file(
      "dangling.yaml",
      `apiVersion: appmesh.k8s.aws/v1beta2
kind: Mesh
metadata: { name: m }
---
apiVersion: appmesh.k8s.aws/v1beta2
kind: VirtualRouter
metadata: { name: r, namespace: ns }
spec:
  listeners: [{ portMapping: { port: 80, protocol: http } }]
  routes:
    - name: all
      httpRoute:
        match: { prefix: / }
        action: { weightedTargets: [{ virtualNodeRef: { name: ghost }, weight: 1 }] }
`,
    );
    assert.deepEqual(problems(await loadSources([path])), [
      "VirtualRouter ns/r: spec.routes[0].httpRoute.action.weightedTargets[0].virtualNodeRef: VirtualNode ns/ghost is not in the manifests",
    ]);
  });
});

describe("Terraform", () => {
  const plan = (meshNameExpression: unknown) =>
    file(
      "plan.json",
      JSON.stringify({
        format_version: "1.2",
        planned_values: {
          root_module: {
            resources: [
              {
                address: "aws_appmesh_mesh.m",
                mode: "managed",
                type: "aws_appmesh_mesh",
                values: { name: "m", spec: [] },
              },
              {
                address: "aws_appmesh_virtual_router.r",
                mode: "managed",
                type: "aws_appmesh_virtual_router",
                values: { name: "r", spec: [{ listener: [{ port_mapping: [{ port: 80, protocol: "http" }] }] }] },
              },
            ],
          },
        },
        resource_changes: [{ address: "aws_appmesh_virtual_router.r", change: { after_unknown: { mesh_name: true } } }],
        configuration: {
          root_module: {
            resources: [{ address: "aws_appmesh_virtual_router.r", expressions: { mesh_name: meshNameExpression } }],
          },
        },
      }),
    );

  it("in a plan, a value known after apply is taken from the resource its expression refers to", async () => {
    const sources = await loadSources([plan({ references: ["aws_appmesh_mesh.m.id", "aws_appmesh_mesh.m"] })]);
    assert.deepEqual(sources.imported.problems, []);
    assert.equal(sources.imported.documents[1]?.input.meshName, "m");
  });

  it("any other value known only after apply is named with its address and path", async () => {
    assert.deepEqual(problems(await loadSources([plan({ references: ["var.mesh"] })])), [
      "aws_appmesh_virtual_router.r: mesh_name: known only after apply",
    ]);
  });

  it("reads a raw terraform.tfstate (version 4) too", async () => {
    const path = file(
      "terraform.tfstate",
      JSON.stringify({
        version: 4,
        terraform_version: "1.9.8",
        resources: [
          {
            mode: "managed",
            type: "aws_appmesh_mesh",
            name: "m",
            instances: [
              { attributes: { name: "m", spec: [{ egress_filter: [{ type: "ALLOW_ALL" }] }], tags: { team: "a" } } },
            ],
          },
        ],
      }),
    );
    const [mesh] = (await loadSources([path])).imported.documents;
    assert.deepEqual(mesh?.input, {
      meshName: "m",
      spec: { egressFilter: { type: "ALLOW_ALL" } },
      tags: [{ key: "team", value: "a" }],
    });
  });
});

describe("saved AWS CLI output", () => {
  it("describe-* outputs give resources; a listed resource nobody describes is a problem", async () => {
    const sources = await loadSources([CLI_OUTPUT]);
    assert.deepEqual(
      sources.imported.documents.map((d) => [d.operation, d.input]),
      [
        ["create-mesh", { meshName: "colors", spec: { egressFilter: { type: "ALLOW_ALL" } } }],
        [
          "create-virtual-node",
          {
            meshName: "colors",
            spec: {
              listeners: [{ portMapping: { port: 8080, protocol: "http" } }],
              serviceDiscovery: { dns: { hostname: "blue.colors.local" } },
            },
            virtualNodeName: "blue",
          },
        ],
      ],
    );
    assert.deepEqual(problems(sources), [
      "virtualNode colors/red: listed, but no describe output in the set gives its spec",
    ]);
  });
});
