"""Reads papergraph exports back with networkx and igraph and prints what they saw as JSON (test helper).

usage: /usr/bin/python3 test/py/graph_check.py graphml PATH
       /usr/bin/python3 test/py/graph_check.py gexf PATH
"""
import json
import sys


def check_graphml(path):
    import igraph as ig
    import networkx as nx

    g = nx.read_graphml(path)
    node_types = {}
    for _, data in g.nodes(data=True):
        t = type(data.get("community")).__name__
        node_types[t] = node_types.get(t, 0) + 1
    ig_graph = ig.Graph.Read_GraphML(path)
    communities = ig_graph.vs["community"]
    undirected = ig_graph.as_undirected(mode="each")
    weights = undirected.es["weight"] if "weight" in undirected.es.attributes() else None
    # igraph's modularity wants non-negative consecutive ids: map each community value (−1 included) to one.
    ids = {c: i for i, c in enumerate(sorted(set(communities)))}
    q = undirected.modularity([ids[c] for c in communities], weights=weights)
    first = next(iter(g.nodes(data=True)), (None, {}))
    first_edge = next(iter(g.edges(data=True)), (None, None, {}))
    return {
        "networkx": {
            "nodes": g.number_of_nodes(),
            "edges": g.number_of_edges(),
            "directed": g.is_directed(),
            "communityTypes": node_types,
            "communities": sorted({d.get("community") for _, d in g.nodes(data=True)}, key=lambda x: (x is None, x)),
            "graph": {k: v for k, v in g.graph.items() if k in ("modularity", "seed", "name")},
            "firstNode": {"id": first[0], **{k: first[1][k] for k in sorted(first[1])}},
            "firstEdge": {k: first_edge[2][k] for k in sorted(first_edge[2])},
        },
        "igraph": {
            "nodes": ig_graph.vcount(),
            "edges": ig_graph.ecount(),
            "vertexAttributes": sorted(ig_graph.vs.attributes()),
            "edgeAttributes": sorted(ig_graph.es.attributes()),
            "communityTypes": sorted({type(c).__name__ for c in communities}),
            "modularity": q,
        },
    }


def check_gexf(path):
    import networkx as nx

    # As a user would: no version argument, no patching of networkx's GEXF reader (networkx >= 3.0 knows GEXF 1.3).
    g = nx.read_gexf(path)
    with_viz = sum(1 for _, d in g.nodes(data=True) if "viz" in d and "color" in d["viz"] and "position" in d["viz"] and "size" in d["viz"])
    first = next(iter(g.nodes(data=True)), (None, {}))
    return {
        "nodes": g.number_of_nodes(),
        "edges": g.number_of_edges(),
        "withViz": with_viz,
        "firstNode": {"id": first[0], **{k: first[1][k] for k in sorted(first[1])}},
        "communities": sorted({d.get("community") for _, d in g.nodes(data=True)}, key=lambda x: (x is None, x)),
    }


if __name__ == "__main__":
    kind, path = sys.argv[1], sys.argv[2]
    result = check_graphml(path) if kind == "graphml" else check_gexf(path)
    print(json.dumps(result, default=str))
