"""Which rule ids fire on a corpus (``policy-measures rules --unused CORPUS...``).

A rule is *traced* when explain output can name it (the trigger, head, pattern or vocabulary rule that
made an item, an exclusion that rejected a candidate): it fires when some document's explain output
names it. Every other rule with an id (a cue, a section pattern, a word list) fires when its regex or
one of its words is found in some document's folded text. The report lists the ids that never fire.
"""
from __future__ import annotations

from collections import Counter
from typing import Any, Iterable, Iterator

import regex

from . import MODELS, load_rules, model_of
from .accountability_lexicon import Trigger
from .campaign_rules import CorePattern, Head, Unquoted
from .ids import rules_in
from .indicator_vocab import VocabRule
from .types import CharsRule, PatternsRule, WordRule, WordsRule
from .. import regex_cache

_TRACED_TYPES = (Trigger, Head, CorePattern, Unquoted, VocabRule)
#: exclusions whose rejections explain output names (pipeline/extract/campaigns.py)
_TRACED_PATHS = ("core_reject", "head_reject_after", "core_bad_start", "core_bad_end", "routine_activity_end", "generic_cores",
                 "subject.agendas")


def rules_of_files() -> Iterator[tuple[str, str, Any, bool]]:
    """(file, key path, node, traced) of every rule with an id."""
    for name in MODELS:
        for path, node in rules_in(load_rules(name, model_of(name))):
            if node.id:
                traced = isinstance(node, _TRACED_TYPES) or (
                    name == "campaign_rules.yaml" and path.split("[")[0] in _TRACED_PATHS)
                yield name, path, node, traced


#: clause ends made line ends: a pattern anchored with ^ or $ is read against clauses, lines and titles
_BREAKS = str.maketrans({c: "\n" for c in "。；;，,：:！？!?"})


def _finder(node):
    """A test of folded text (and of its clauses, one per line) for an untraced rule: its regex found, or
    one of its words."""
    if isinstance(node, (WordsRule, WordRule)):
        words = tuple(node.words) if isinstance(node, WordsRule) else (node.word,)
        return lambda text, clauses: any(w in text for w in words)
    if isinstance(node, CharsRule):  # a character set (a guard): one of its characters is found
        chars = frozenset(node.chars)
        return lambda text, clauses: not chars.isdisjoint(text)
    if isinstance(node, PatternsRule):
        return _any_finder([_finder_of(p) for p in node.patterns])
    quotes = getattr(node, "pairs", None) or [(q.open, q.close) for q in getattr(node, "quotes", ())]
    if quotes:  # quote pairs: an opening mark is found
        return lambda text, clauses: any(o in text for o, _ in quotes)
    pattern = getattr(node, "pattern", None)
    if pattern is None:
        return lambda text, clauses: False
    return _finder_of(pattern)


def _any_finder(finders):
    return lambda text, clauses: any(f(text, clauses) for f in finders)


def _finder_of(pattern: str):
    """A test of folded text and its clauses for one regex (anchored ones also against clauses)."""
    pattern = pattern.replace("{HEADS}", "(?!)")
    compiled = regex_cache.compile(pattern)
    if "^" not in pattern and "$" not in pattern:
        return lambda text, clauses: compiled.search(text) is not None
    anchored = regex_cache.compile(pattern, regex.MULTILINE)
    return lambda text, clauses: compiled.search(text) is not None or anchored.search(clauses) is not None


def texts(inputs: Iterable[Any], id_field: str = "id", text_field: str = "text") -> Iterator[str]:
    """The document texts of paths, folders, globs and JSONL corpora (unreadable files are skipped)."""
    from ..batch import BatchOptions, iter_tasks
    from ..readers import ReadError, read_document

    for task in iter_tasks(list(inputs), BatchOptions(jsonl_id_field=id_field, jsonl_text_field=text_field)):
        if task.text is not None:
            yield task.text
        elif task.error is None:
            try:
                yield read_document(task.path, doc_id=task.doc_id).text
            except ReadError:
                continue


def fired(corpus_texts: Iterable[str]) -> tuple[Counter, int]:
    """(rule id -> documents it fired in, number of documents) over ``corpus_texts``."""
    from ..core import extract
    from ..textview import TextView

    finders = {node.id: _finder(node) for _, _, node, traced in rules_of_files() if not traced}
    counts: Counter = Counter()
    n = 0
    for text in corpus_texts:
        n += 1
        doc = extract(text, explain=True)
        seen = {r for item in (*doc.campaigns, *doc.indicators, *doc.accountability) for r in item.rules or ()}
        seen |= {r.rule for r in doc.explain.rejected}
        norm = TextView(text).norm
        clauses = norm.translate(_BREAKS)
        seen |= {rule_id for rule_id, found in finders.items() if found(norm, clauses)}
        counts.update(seen)
    return counts, n


def unused_report(counts: Counter, n_docs: int, corpora: list[str]) -> str:
    """A Markdown report of the rule ids that never fire (per file, traced ones marked)."""
    lines = [f"Rules that never fire on {n_docs} documents of: " + ", ".join(f"`{c}`" for c in corpora), ""]
    total = unused = 0
    for name in MODELS:
        rows = [(path, node, traced) for file, path, node, traced in rules_of_files() if file == name]
        if not rows:
            continue
        never = [(path, node, traced) for path, node, traced in rows if counts[node.id] == 0]
        total, unused = total + len(rows), unused + len(never)
        lines.append(f"- `{name}`: {len(never)} of {len(rows)} never fire"
                     + ("" if not never else ": " + ", ".join(
                         f"`{node.id}`" + ("" if traced else "°") for _, node, traced in never)))
    lines += ["", f"{unused} of {total} rule ids never fire. ° an untraced rule (a cue, a section or metadata "
              "pattern, a word list): its regex or words are found in no text (a pattern anchored with ^ or $ "
              "in no clause or line); the others are never named by explain output (no item made, no candidate "
              "rejected)."]
    return "\n".join(lines) + "\n"
