"""What-if sweeps for the communities of a build, scored against the venue areas of `npm run bench:areas`.

Reads a build's neo4j-import/ CSVs (every relationship with its `weight`), re-weights edge types as asked, partitions
the graph with leidenalg the way papergraph does (modularity at resolution 1, then every community split again on its
own subgraph at --split), and prints NMI / purity for the areas issue #12 names, the held-out ones and all of them —
first for the build's own communities, then for each variant. A benchmark helper for trying a community idea in
seconds before building it; never a runtime dependency.

The named areas are read from test/bench/areas.ts and the venues from test/bench/venue-areas.txt, so the two cannot
disagree. Leiden is not papergraph's Louvain + refinement: compare variants with each other and with the "leiden"
row at the defaults, not with the build's row.

usage: /usr/bin/python3 test/py/area_sweep.py BUILD_DIR CORPUS.jsonl.gz [--seeds 42,43] [--split 0.1,0.15]
           [--similar 1,0.5] [--about 1] [--entity 1]
  e.g. after `papergraph build -o /tmp/acl ../shared/corpus/acl_anthology/acl_anthology_abstracts.jsonl.gz`:
       /usr/bin/python3 test/py/area_sweep.py /tmp/acl ../shared/corpus/acl_anthology/acl_anthology_abstracts.jsonl.gz --similar 1,0.5
"""
import argparse
import collections
import csv
import glob
import gzip
import itertools
import json
import os
import re
import sys

import igraph as ig
import leidenalg as la
import numpy as np
from sklearn.metrics import normalized_mutual_info_score

HERE = os.path.dirname(os.path.abspath(__file__))
BENCH = os.path.join(HERE, "..", "bench")
csv.field_size_limit(1 << 30)


def named_areas():
    text = open(os.path.join(BENCH, "areas.ts"), encoding="utf-8").read()
    block = re.search(r"const NAMED = new Set\(\[(.*?)\]\)", text, re.S)
    if not block:
        sys.exit("area_sweep: test/bench/areas.ts has no `const NAMED = new Set([...])`")
    return set(re.findall(r"'([^']+)'", block.group(1)))


def venue_areas():
    areas = {}
    for number, raw in enumerate(open(os.path.join(BENCH, "venue-areas.txt"), encoding="utf-8"), 1):
        line = re.sub(r"#.*$", "", raw).strip()
        if not line:
            continue
        m = re.match(r"^([^:|]+):([^|]+)\|\s*\S", line)
        if not m:
            sys.exit(f"venue-areas.txt:{number}: expected 'area: venue … | reason'")
        for venue in m.group(2).split():
            areas[venue] = m.group(1).strip()
    return areas


def paper_areas(corpus, areas):
    """Paper id → its one area (papers whose venues name none or several are left out, as in area-metrics.ts)."""
    out = {}
    with gzip.open(corpus, "rt", encoding="utf-8") if corpus.endswith(".gz") else open(corpus, encoding="utf-8") as f:
        for line in f:
            record = json.loads(line)
            found = set(areas[v] for v in record.get("categories") or [] if v in areas)
            if len(found) == 1:
                out[record["id"]] = found.pop()
    return out


def read_build(directory):
    index, src, dst, weight, kind = {}, [], [], [], []
    node = lambda key: index.setdefault(key, len(index))
    with open(os.path.join(directory, "neo4j-import", "papers.csv"), encoding="utf-8") as f:
        rows = csv.reader(f)
        next(rows)
        papers = [node(row[0]) for row in rows]
    for path in sorted(glob.glob(os.path.join(directory, "neo4j-import", "rel_*.csv"))):
        with open(path, encoding="utf-8") as f:
            rows = csv.reader(f)
            at = next(rows).index("weight:double")
            for row in rows:
                src.append(node(row[0]))
                dst.append(node(row[1]))
                weight.append(float(row[at]))
                kind.append(os.path.basename(path)[4:-4])
    own = np.full(len(index), -1)
    with open(os.path.join(directory, "neo4j-import", "in_community_papers.csv"), encoding="utf-8") as f:
        rows = csv.reader(f)
        next(rows)
        for row in rows:
            own[index[row[0]]] = int(row[1])
    keys = [None] * len(index)
    for key, i in index.items():
        keys[i] = key
    return keys, papers, np.array(src), np.array(dst), np.array(weight), np.array(kind), own


def two_level(graph, split, seed):
    top = la.find_partition(graph, la.RBConfigurationVertexPartition, weights="weight", resolution_parameter=1, seed=seed, n_iterations=-1)
    areas = np.array(top.membership)
    if split <= 0:
        return areas
    lines = np.full(graph.vcount(), -1)
    next_id = 0
    for area in range(areas.max() + 1):
        members = np.where(areas == area)[0]
        parts = np.zeros(len(members), dtype=int)
        if len(members) > 1:
            sub = graph.subgraph(members.tolist())
            parts = np.array(la.find_partition(sub, la.RBConfigurationVertexPartition, weights="weight", resolution_parameter=split, seed=seed, n_iterations=-1).membership)
        lines[members] = parts + next_id
        next_id += parts.max() + 1
    return lines


def scores(membership, labelled, named):
    cells = []
    for name, keep in (("named", lambda a: a in named), ("held out", lambda a: a not in named), ("all", lambda a: True)):
        pairs = [(area, membership[i]) for i, area in labelled if keep(area)]
        truth = [a for a, _ in pairs]
        found = [c for _, c in pairs]
        best = collections.defaultdict(int)
        for (area, c), n in collections.Counter(pairs).items():
            best[c] = max(best[c], n)
        cells.append(f"{name} {normalized_mutual_info_score(truth, found):.3f} / {sum(best.values()) / len(pairs):.3f}")
    return "   ".join(cells)


def floats(text):
    return [float(x) for x in text.split(",")]


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("build")
    parser.add_argument("corpus")
    parser.add_argument("--seeds", default="42")
    parser.add_argument("--split", default="0.1", help="split resolutions inside areas (0 = none)")
    parser.add_argument("--similar", default="1", help="factors on SIMILAR_TO weights")
    parser.add_argument("--about", default="1", help="factors on ABOUT weights")
    parser.add_argument("--entity", default="1", help="factors on Paper→entity and HAS_CODE weights")
    args = parser.parse_args()

    named = named_areas()
    area_of = paper_areas(args.corpus, venue_areas())
    keys, papers, src, dst, weight, kind, own = read_build(args.build)
    labelled = [(i, area_of[keys[i]]) for i in papers if keys[i] in area_of]
    print(f"{len(keys)} nodes, {len(src)} edges, {len(papers)} papers, {len(labelled)} area-labelled")
    print(f"{'the build':60s} {len(set(own[papers])):4d} communities   {scores(own, labelled, named)}", flush=True)
    similar, about = kind == "SIMILAR_TO", kind == "ABOUT"
    entity = ~(similar | about)
    edges = list(zip(src.tolist(), dst.tolist()))
    for fs, fa, fe in itertools.product(floats(args.similar), floats(args.about), floats(args.entity)):
        w = weight * np.where(similar, fs, 1) * np.where(about, fa, 1) * np.where(entity, fe, 1)
        graph = ig.Graph(n=len(keys), edges=edges, edge_attrs={"weight": w.tolist()}).simplify(combine_edges="sum")
        for split, seed in itertools.product(floats(args.split), [int(s) for s in args.seeds.split(",")]):
            lines = two_level(graph, split, seed)
            tag = f"leiden similar×{fs:g} about×{fa:g} entity×{fe:g} split {split:g} seed {seed}"
            print(f"{tag:60s} {len(set(lines[papers])):4d} communities   {scores(lines, labelled, named)}", flush=True)


if __name__ == "__main__":
    main()
