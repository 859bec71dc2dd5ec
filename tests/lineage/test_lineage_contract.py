"""Lineage on every store: the generated chain both ways, the caps, and the seeded documents."""

import pytest

from flowcept.domain.errors import InvalidQuery, NotFound
from flowcept.domain.lineage.model import Graph, NodeRef
from flowcept.domain.lineage.service import lineage

CHAIN_EDGES = {
    ("task:train", "used", "object:ds@0"),
    ("object:model@0", "wasGeneratedBy", "task:train"),
    ("task:tune", "used", "object:model@0"),
    ("object:model@1", "wasGeneratedBy", "task:tune"),
    ("object:model@1", "wasRevisionOf", "object:model@0"),
}


def ids(graph: Graph) -> set[str]:
    return {node.id for node in graph.nodes}


def edges(graph: Graph) -> set[tuple[str, str, str]]:
    return {(e.source, e.relation, e.target) for e in graph.edges}


async def test_upstream_of_the_last_model_returns_the_whole_chain(chain_store):
    graph = await lineage(chain_store, NodeRef.parse("object:model@1"), "upstream", depth=3)
    assert ids(graph) == {
        "object:model@1", "object:model@0", "task:tune", "task:train", "object:ds@0",
        "workflow:wf-main",
    }
    assert CHAIN_EDGES <= edges(graph)
    assert ("object:model@1", "wasGeneratedBy", "workflow:wf-main") in edges(graph)
    assert graph.truncated is False


async def test_downstream_of_the_dataset_returns_the_chain_into_the_child_workflow(chain_store):
    graph = await lineage(chain_store, NodeRef.parse("object:ds@0"), "downstream", depth=4)
    assert ids(graph) == {
        "object:ds@0", "task:train", "object:model@0", "task:tune", "object:model@1", "task:serve",
    }
    assert edges(graph) == CHAIN_EDGES | {("task:serve", "used", "object:model@1")}


async def test_depth_bounds_the_search(chain_store):
    up = await lineage(chain_store, NodeRef.parse("object:model@1"), "upstream", depth=1)
    assert ids(up) == {"object:model@1", "object:model@0", "task:tune", "workflow:wf-main"}
    down = await lineage(chain_store, NodeRef.parse("object:ds@0"), "downstream", depth=2)
    assert ids(down) == {"object:ds@0", "task:train", "object:model@0"}


async def test_node_cap_truncates_and_keeps_edges_inside_the_graph(chain_store):
    graph = await lineage(chain_store, NodeRef.parse("object:ds@0"), "downstream", 10, max_nodes=3)
    assert graph.truncated is True
    assert len(graph.nodes) == 3
    assert {e.source for e in graph.edges} | {e.target for e in graph.edges} <= ids(graph)


async def test_both_directions_never_wander_into_siblings(chain_store):
    graph = await lineage(chain_store, NodeRef.parse("task:tune"), "both", depth=1)
    assert ids(graph) == {"task:tune", "object:model@0", "object:model@1"}


async def test_a_workflow_leads_down_to_its_child_workflow_and_its_objects(chain_store):
    graph = await lineage(chain_store, NodeRef.parse("workflow:wf-main"), "downstream", 1)
    assert ids(graph) == {
        "workflow:wf-main", "workflow:wf-child", "object:ds@0", "object:model@0", "object:model@1",
    }
    assert ("workflow:wf-child", "wasInformedBy", "workflow:wf-main") in edges(graph)


async def test_an_object_without_version_means_its_latest(chain_store):
    graph = await lineage(chain_store, NodeRef.parse("object:model"), "upstream", depth=1)
    assert "object:model@1" in ids(graph)


@pytest.mark.parametrize(
    "node, detail",
    [
        ("task:nope", "Task not found: nope"),
        ("workflow:nope", "Workflow not found: nope"),
        ("object:nope", "Object not found: nope"),
        ("object:model@7", "Object model has no version 7"),
    ],
)
async def test_unknown_nodes_are_not_found(chain_store, node, detail):
    with pytest.raises(NotFound, match=detail):
        await lineage(chain_store, NodeRef.parse(node))


@pytest.mark.parametrize("node", ["task", "thing:x", "task:", "object"])
def test_malformed_node_references_are_refused(node):
    with pytest.raises(InvalidQuery, match="node must be"):
        NodeRef.parse(node)


async def test_links_of_the_seeded_documents(store):
    task = await lineage(store, NodeRef.parse("task:t-2"), "upstream", depth=1)
    assert edges(task) == {("task:t-2", "wasInformedBy", "task:t-1")}
    model = await lineage(store, NodeRef.parse("object:model-1"), "upstream", depth=2)
    assert {
        ("object:model-1@2", "wasRevisionOf", "object:model-1@1"),
        ("object:model-1@1", "wasRevisionOf", "object:model-1@0"),
        ("object:model-1@2", "wasGeneratedBy", "task:t-3"),
    } <= edges(model)
    child = await lineage(store, NodeRef.parse("workflow:wf-b"), "upstream", depth=1)
    assert edges(child) == {("workflow:wf-b", "wasInformedBy", "workflow:wf-a")}


async def test_every_downstream_edge_is_found_again_upstream(chain_store):
    down = await lineage(chain_store, NodeRef.parse("object:ds@0"), "downstream", depth=10)
    for source, relation, target in edges(down):
        up = await lineage(chain_store, NodeRef.parse(source), "upstream", depth=1)
        assert (source, relation, target) in edges(up)
