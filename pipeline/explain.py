"""Explain mode: which data-file rules made each item and which turned nearby candidates down.

With ``extract(text, explain=True)`` (CLI ``--explain``) every campaign, indicator and accountability
clause carries ``rules`` (the ids of the rules of pipeline/data that made it) and the document an
``explain.rejected`` list (candidates a rule with an id turned down). Extractors report through
:func:`reject`; with explain off they report nothing and the output is unchanged.
"""
from __future__ import annotations

from typing import Optional

from .models import Document, Explanation, Rejected

def on(ctx) -> bool:
    return ctx.options.explain


def reject(ctx, item: str, start: int, end: int, rule: Optional[str]) -> None:
    """Note that ``rule`` turned down the ``item`` candidate at ``ctx.text[start:end]`` (explain mode only)."""
    if rule and ctx.options.explain:
        ctx.results.rejected.append((item, start, end, rule))


def attach(doc: Document, ctx) -> Document:
    """``doc`` with the rejected candidates of ``ctx`` (explain mode), in document order, each once."""
    if not ctx.options.explain:
        return doc
    seen = sorted(set(ctx.results.rejected), key=lambda t: (t[1], t[2], t[0], t[3]))
    doc.explain = Explanation(rejected=[Rejected(item=i, text=ctx.text[s:e], start=s, end=e, rule=r)
                                        for i, s, e, r in seen])
    return doc
