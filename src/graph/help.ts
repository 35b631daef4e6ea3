/** `mesh graph help`. */
export const GRAPH_HELP = `NAME
       graph - draw a mesh: gateways, gateway routes, virtual services, routers, routes with their
       weights, virtual nodes, their backends, and every dangling reference

SYNOPSIS
          graph
          --mesh-name <value> | --from <path> [<path> ...]
          [--format <text|mermaid|dot|json>]

DESCRIPTION
       Reads the mesh through list and describe calls (the local emulator, mesh serve or AWS alike),
       or, with --from, from mesh validate input documents: create-* documents declare resources,
       update-* documents replace a spec, delete-* documents remove a resource.

       References that lead nowhere are drawn and marked with ✗: a backend or gateway route naming a
       missing virtual service, a missing service provider or route target, a route target port that
       is not a listener of its virtual node, a virtual router with no routes.

OPTIONS
       --mesh-name (string) The mesh to draw. With --from it is needed only when the documents
       hold several meshes.

       --from (list) Files or directories (searched for .json, .yaml and .yml) of input documents
       to draw instead of a live mesh.

       --format (string) One of:
         o text: an indented tree that follows the requests. The default, whether or not stdout is
           a terminal, so a pipe or a CI log shows the same picture; colour only on a terminal, and
           never with NO_COLOR set or --color off (--color on forces it).
         o mermaid: a flowchart for Markdown (GitHub renders it in a \`\`\`mermaid block).
         o dot: a Graphviz digraph (dot -Tsvg).
         o json: the graph itself, nodes and edges, for scripts.
`;
