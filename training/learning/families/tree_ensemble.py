"""Several xgboost boosters evaluated as one forest in numpy, for serving single rows.

A booster's own ``inplace_predict`` spends about half a millisecond per call on validation and
dispatch, whatever the size of the input; a mixture asks every one of its experts about the same
row each round. Here the trees of every expert are flattened into node arrays (from the
boosters' JSON) and walked together, one level of every tree per numpy step. Comparisons are made
in float32, as xgboost makes them. ``forest_from_models`` refuses anything it does not know how
to walk (categorical splits, other boosters), and the family checks the result against
``inplace_predict`` before trusting it. Pure numpy, no I/O.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

CLASSES = 3


class UnsupportedModel(ValueError):
    pass


@dataclass(frozen=True)
class Forest:
    feature: np.ndarray  # (nodes,) split feature; 0 at a leaf (whose children are itself)
    threshold: np.ndarray  # (nodes,) float32: go left when x < threshold
    left: np.ndarray  # (nodes,) child indices; a leaf points at itself
    right: np.ndarray
    leaf_value: np.ndarray  # (nodes,) the leaf's margin; 0 inside the tree
    roots: np.ndarray  # (trees,)
    output_of_tree: np.ndarray  # (trees, outputs) one-hot: the output each tree adds to
    base_margin: np.ndarray  # (outputs,)
    depth: int
    experts: int

    def probabilities(self, X: np.ndarray) -> np.ndarray:
        """(experts, n, 3): each expert's softmax of its three margins, for rows X (n, 50)."""
        x = np.asarray(X, dtype=np.float32)
        rows = np.arange(len(x))[:, None]
        at = np.broadcast_to(self.roots, (len(x), len(self.roots)))
        # A leaf's children are itself, so a tree that reached its leaf stays there.
        for _ in range(self.depth):
            value = x[rows, self.feature[at]]
            at = np.where(value < self.threshold[at], self.left[at], self.right[at])
        margins = self.leaf_value[at] @ self.output_of_tree + self.base_margin  # (n, outputs)
        grouped = margins.reshape(len(x), self.experts, CLASSES)
        shifted = np.exp(grouped - grouped.max(axis=2, keepdims=True))
        return (shifted / shifted.sum(axis=2, keepdims=True)).transpose(1, 0, 2)


def _base_margin(param: dict[str, Any]) -> np.ndarray:
    raw = str(param.get("base_score", "0"))
    values = json.loads(raw) if raw.startswith("[") else [float(raw)] * CLASSES
    base = np.asarray(values, dtype=np.float64)
    if base.shape != (CLASSES,):
        raise UnsupportedModel(f"base_score {raw!r} is not one margin per class")
    return base


def forest_from_models(models: Sequence[dict[str, Any]]) -> Forest:
    """One forest from boosters' JSON models (``json.loads(booster.save_raw("json"))``), each a
    ``multi:softprob`` model of three classes; expert ``k`` answers outputs 3k..3k+2."""
    features, thresholds, lefts, rights, leaves, roots, outputs = [], [], [], [], [], [], []
    bases = []
    offset = 0
    depth = 0
    for k, model in enumerate(models):
        learner = model["learner"]
        if learner["objective"]["name"] != "multi:softprob":
            raise UnsupportedModel("only multi:softprob boosters are walked here")
        if int(learner["learner_model_param"]["num_class"]) != CLASSES:
            raise UnsupportedModel("the booster does not answer three classes")
        booster = learner["gradient_booster"]
        if booster.get("name") != "gbtree":
            raise UnsupportedModel(f"booster {booster.get('name')!r} is not a tree booster")
        bases.append(_base_margin(learner["learner_model_param"]))
        trees = booster["model"]["trees"]
        for tree, klass in zip(trees, booster["model"]["tree_info"], strict=True):
            if any(int(t) != 0 for t in tree.get("split_type", [])):
                raise UnsupportedModel("categorical splits are not walked here")
            left = np.asarray(tree["left_children"], dtype=np.int64)
            right = np.asarray(tree["right_children"], dtype=np.int64)
            condition = np.asarray(tree["split_conditions"], dtype=np.float64)
            leaf = left < 0
            nodes = np.arange(len(left))
            features.append(np.where(leaf, 0, np.asarray(tree["split_indices"], dtype=np.int64)))
            thresholds.append(np.where(leaf, 0.0, condition).astype(np.float32))
            lefts.append(np.where(leaf, nodes, left) + offset)
            rights.append(np.where(leaf, nodes, right) + offset)
            # A leaf keeps its margin in split_conditions (xgboost's JSON layout).
            leaves.append(np.where(leaf, condition, 0.0))
            roots.append(offset)
            outputs.append(k * CLASSES + int(klass))
            depth = max(depth, _depth(left, right))
            offset += len(left)
    output_of_tree = np.zeros((len(roots), len(models) * CLASSES))
    output_of_tree[np.arange(len(roots)), outputs] = 1.0
    return Forest(
        feature=np.concatenate(features),
        threshold=np.concatenate(thresholds),
        left=np.concatenate(lefts),
        right=np.concatenate(rights),
        leaf_value=np.concatenate(leaves),
        roots=np.asarray(roots, dtype=np.int64),
        output_of_tree=output_of_tree,
        base_margin=np.concatenate(bases),
        depth=depth,
        experts=len(models),
    )


def _depth(left: np.ndarray, right: np.ndarray) -> int:
    """Edges on the longest path from the root (node 0) to a leaf."""
    deepest, frontier = 0, [(0, 0)]
    while frontier:
        node, level = frontier.pop()
        if left[node] < 0:
            deepest = max(deepest, level)
        else:
            frontier += [(int(left[node]), level + 1), (int(right[node]), level + 1)]
    return deepest
