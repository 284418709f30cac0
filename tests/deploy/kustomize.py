"""A small kustomize: the subset ``deploy/k8s`` uses, so that the tests render it without a binary.

kustomize is not on PyPI or in Debian's packages (Debian's kubectl is 1.20, with a kustomize too
old for ``patches``). This renders ``resources`` (files and directories), ``namespace``,
``images`` and JSON 6902 ``patches`` selected by kind and name (a regular expression, as in
kustomize), and refuses every other field, so that a kustomization using more fails here
instead of rendering wrong. When ``kubectl`` is on the path, the tests compare this rendering
with ``kubectl kustomize``.
"""

from __future__ import annotations

import copy
import re
from pathlib import Path
from typing import Any

import yaml

Resource = dict[str, Any]

#: Kinds without a namespace (of those a Wushe kustomization could hold).
CLUSTER_SCOPED = frozenset(
    {
        "Namespace",
        "ClusterRole",
        "ClusterRoleBinding",
        "CustomResourceDefinition",
        "PersistentVolume",
        "StorageClass",
        "PriorityClass",
        "IngressClass",
    }
)
KNOWN_FIELDS = frozenset({"apiVersion", "kind", "namespace", "resources", "images", "patches"})


class UnsupportedError(ValueError):
    """The kustomization uses something this renderer does not do."""


def render(directory: Path) -> list[Resource]:
    """Every resource of the kustomization in ``directory``, transformed."""
    kustomization = yaml.safe_load((directory / "kustomization.yaml").read_text(encoding="utf-8"))
    unknown = set(kustomization) - KNOWN_FIELDS
    if unknown:
        raise UnsupportedError(f"{directory}: unsupported fields {sorted(unknown)}")
    resources: list[Resource] = []
    for entry in kustomization.get("resources", []):
        path = directory / entry
        if path.is_dir():
            resources.extend(render(path))
        else:
            docs = yaml.safe_load_all(path.read_text(encoding="utf-8"))
            resources.extend(doc for doc in docs if doc)
    for patch in kustomization.get("patches", []):
        _apply_patch(resources, patch, directory)
    for image in kustomization.get("images", []):
        for resource in resources:
            _set_images(resource, image)
    namespace = kustomization.get("namespace")
    if namespace:
        for resource in resources:
            if resource["kind"] not in CLUSTER_SCOPED:
                resource["metadata"]["namespace"] = namespace
    return resources


def _apply_patch(resources: list[Resource], patch: dict[str, Any], directory: Path) -> None:
    if set(patch) - {"target", "patch"}:
        raise UnsupportedError(f"{directory}: only inline patches with a target: {patch}")
    target = patch["target"]
    if set(target) - {"kind", "name"}:
        raise UnsupportedError(f"{directory}: targets by kind and name only: {target}")
    operations = yaml.safe_load(patch["patch"])
    if not isinstance(operations, list):
        raise UnsupportedError(f"{directory}: only JSON 6902 patches (a list of operations)")
    matched = [
        r
        for r in resources
        if ("kind" not in target or r["kind"] == target["kind"])
        and ("name" not in target or re.fullmatch(target["name"], r["metadata"]["name"]))
    ]
    if not matched:
        raise ValueError(f"{directory}: patch target {target} matches nothing")
    for resource in matched:
        for operation in operations:
            _json_patch(resource, operation)


def _json_patch(document: Resource, operation: dict[str, Any]) -> None:
    op, path = operation["op"], operation["path"]
    keys = [k.replace("~1", "/").replace("~0", "~") for k in path.lstrip("/").split("/")]
    parent: Any = document
    for key in keys[:-1]:
        parent = parent[int(key)] if isinstance(parent, list) else parent[key]
    last = keys[-1]
    if isinstance(parent, list):
        index = len(parent) if last == "-" else int(last)
        if op == "add":
            parent.insert(index, copy.deepcopy(operation["value"]))
        elif op == "replace":
            parent[index] = copy.deepcopy(operation["value"])
        elif op == "remove":
            del parent[index]
        else:
            raise UnsupportedError(f"JSON patch op {op}")
        return
    if op in ("replace", "remove") and last not in parent:
        raise ValueError(f"JSON patch: {path} does not exist")
    if op in ("add", "replace"):
        parent[last] = copy.deepcopy(operation["value"])
    elif op == "remove":
        del parent[last]
    else:
        raise UnsupportedError(f"JSON patch op {op}")


def image_name(image: str) -> str:
    """The name part of an image reference (no tag, no digest)."""
    name = image.split("@", 1)[0]
    slash = name.rfind("/")
    colon = name.rfind(":")
    return name[:colon] if colon > slash else name


def _set_images(node: Any, rule: dict[str, str]) -> None:
    if isinstance(node, list):
        for item in node:
            _set_images(item, rule)
        return
    if not isinstance(node, dict):
        return
    for key, value in node.items():
        if key in ("containers", "initContainers") and isinstance(value, list):
            for container in value:
                if image_name(container.get("image", "")) == rule["name"]:
                    name = rule.get("newName", rule["name"])
                    tag = rule.get("newTag")
                    container["image"] = f"{name}:{tag}" if tag else name
        _set_images(value, rule)
