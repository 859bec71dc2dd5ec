"""The provenance card as a client asks for it: Markdown or JSON, or a clear failure."""

import logging
from typing import Any

from flowcept.domain.errors import ProvenanceError, ReportFailed
from flowcept.domain.ports import ProvenanceStore
from flowcept.domain.reports.card import ProvenanceCard, build_card
from flowcept.domain.reports.markdown import render_markdown

log = logging.getLogger(__name__)


async def provenance_card(store: ProvenanceStore, workflow_id: str) -> ProvenanceCard:
    """The card's content: NotFound for an unknown workflow, ReportFailed when anything breaks."""
    try:
        return await build_card(workflow_id, store, store)
    except ProvenanceError:
        raise
    except Exception as exc:
        log.exception("provenance card for %s failed", workflow_id)
        raise ReportFailed(f"Could not generate provenance card: {exc}") from exc


async def card_markdown(store: ProvenanceStore, workflow_id: str) -> str:
    card = await provenance_card(store, workflow_id)
    try:
        return render_markdown(card)
    except Exception as exc:
        log.exception("rendering the provenance card for %s failed", workflow_id)
        raise ReportFailed(f"Could not generate provenance card: {exc}") from exc


async def card_json(store: ProvenanceStore, workflow_id: str) -> dict[str, Any]:
    card = await provenance_card(store, workflow_id)
    return card.model_dump(mode="json")
