"""Plain text map for `npm run bench:areas`: the strongest plain alternative to papergraph's communities.

TF-IDF of title + abstract (sublinear tf, English stop words, min_df 2, max_df 0.5), 100-d LSA (TruncatedSVD),
10-nearest-neighbour cosine graph (symmetrised, weight = cosine), Leiden (modularity objective, seeded, run to
convergence). Reads JSON Lines with `title` and `abstract`; prints JSON {"membership": [...], "communities": K,
"modularity": Q, "seconds": {...}} with one community id per input line, in input order.

usage: /usr/bin/python3 test/py/text_baseline.py PAPERS.jsonl [SEED]
"""
import json
import sys
import time

import igraph as ig
import leidenalg as la
import numpy as np
from sklearn.decomposition import TruncatedSVD
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.neighbors import NearestNeighbors
from sklearn.preprocessing import normalize

K = 10
DIMENSIONS = 100


def main(path, seed):
    seconds = {}
    t = time.perf_counter()
    with open(path, encoding="utf-8") as f:
        texts = [(lambda r: f"{r['title']}. {r['abstract']}")(json.loads(line)) for line in f if line.strip()]
    tfidf = TfidfVectorizer(sublinear_tf=True, stop_words="english", min_df=2, max_df=0.5, dtype=np.float32)
    x = tfidf.fit_transform(texts)
    seconds["tfidf"] = time.perf_counter() - t

    t = time.perf_counter()
    lsa = normalize(TruncatedSVD(n_components=DIMENSIONS, random_state=seed).fit_transform(x))
    seconds["lsa"] = time.perf_counter() - t

    t = time.perf_counter()
    nn = NearestNeighbors(n_neighbors=K + 1, metric="cosine", algorithm="brute").fit(lsa)
    distances, neighbours = nn.kneighbors(lsa)
    seconds["knn"] = time.perf_counter() - t

    t = time.perf_counter()
    n = len(texts)
    weights = {}
    for i in range(n):
        for d, j in zip(distances[i], neighbours[i]):
            if j == i:
                continue
            s = 1.0 - float(d)
            if s <= 0:
                continue
            key = (i, j) if i < j else (j, i)
            if s > weights.get(key, 0.0):
                weights[key] = s
    edges = sorted(weights)
    g = ig.Graph(n=n, edges=edges)
    w = [weights[e] for e in edges]
    partition = la.find_partition(g, la.ModularityVertexPartition, weights=w, seed=seed, n_iterations=-1)
    seconds["leiden"] = time.perf_counter() - t
    print(json.dumps({
        "membership": partition.membership,
        "communities": len(partition),
        "modularity": g.modularity(partition.membership, weights=w),
        "seconds": seconds,
    }))


if __name__ == "__main__":
    main(sys.argv[1], int(sys.argv[2]) if len(sys.argv) > 2 else 42)
