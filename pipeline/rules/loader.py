"""One way to read a rule file of ``pipeline/data``: YAML, validated by a pydantic model, cached.

A shipped file, once validated, is kept pickled in the user's cache folder (``pipeline.cache``) under a
key made of its text, its model and the source of the rule models: the next process loads it in a
few milliseconds instead of parsing and validating the YAML again (0.1 s of start-up for all files).

A malformed file raises one :class:`RulesError` naming the file, the key path inside it and, where
the YAML gives it, the line (``campaign_rules.yaml:57: heads[3].kind: Input should be ...``), so a
bad edit fails loudly at load time instead of silently changing what is extracted.
"""
from __future__ import annotations

import hashlib
import pickle
import sys
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any, Optional, TypeVar

import pydantic

from ..cache import cache_dir, load_pickle, write_atomically
from .ids import duplicate_id

M = TypeVar("M", bound=pydantic.BaseModel)


def _yaml():
    """PyYAML, imported when a rule file is parsed: a process whose rules come from the cache never needs it
    (0.03 s of start-up)."""
    import yaml

    return yaml


class RulesError(ValueError):
    """A rule or lexicon data file is malformed (the message names file, key and line)."""


def data_text(name: str) -> str:
    """The text of ``pipeline/data/<name>``."""
    try:
        return (resources.files("pipeline") / "data" / name).read_text(encoding="utf-8")
    except FileNotFoundError as exc:
        raise RulesError(f"{name}: file not found in pipeline/data") from exc


@lru_cache(maxsize=None)
def load_rules(name: str, model: type[M]) -> M:
    """``pipeline/data/<name>`` validated by ``model`` (read once per process; validated once per
    version of the file and of the rule models)."""
    text = data_text(name)
    path = _validated_path(name, text, model)
    kept = _read_validated(path, model)
    if kept is not None:
        return kept
    result = parse_rules_text(text, model, name)
    if path is not None:
        _write_validated(path, result)
    return result


@lru_cache(maxsize=1)
def _models_fingerprint() -> str:
    """The source of the rule models and their validators: a changed model is a new cache key."""
    h = hashlib.sha256(f"{pydantic.VERSION}|{sys.version_info[:2]}".encode())
    for source in sorted(Path(__file__).parent.glob("*.py")):
        h.update(source.name.encode() + b"\0" + source.read_bytes())
    return h.hexdigest()


def _validated_path(name: str, text: str, model: type) -> Optional[Path]:
    folder = cache_dir()
    if folder is None:
        return None
    key = hashlib.sha256(f"{model.__module__}.{model.__qualname__}|{_models_fingerprint()}|".encode()
                         + text.encode("utf-8")).hexdigest()[:20]
    return folder / "rules" / f"{Path(name).stem}-{key}.pickle"


class _RuleModelsOnly(pickle.Unpickler):
    """Unpickles the package's rule models and plain data; any other global is refused."""

    def find_class(self, module, name):
        if module.startswith("pipeline.rules.") or module == "pipeline.models":
            found = super().find_class(module, name)
            if isinstance(found, type):
                return found
        raise pickle.UnpicklingError(f"not a rule model: {module}.{name}")


def _read_validated(path: Optional[Path], model: type[M]) -> Optional[M]:
    kept = load_pickle(path, _RuleModelsOnly)  # None when missing or unusable: validate again
    return kept if type(kept) is model else None


def _write_validated(path: Path, result: pydantic.BaseModel) -> None:
    try:
        data = pickle.dumps(result, protocol=pickle.HIGHEST_PROTOCOL)
    except Exception:  # a model that does not pickle is validated in every process
        return
    if write_atomically(path, data):
        # earlier versions of this file (edited rules) are of no further use
        for old in path.parent.glob(f"{path.name.rsplit('-', 1)[0]}-*.pickle"):
            if old != path:
                try:
                    old.unlink()
                except OSError:
                    pass


def read_rules(path: str | Path, model: type[M]) -> M:
    """A rule file at any path (a user's override, a test's broken copy), validated, not cached."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise RulesError(f"{path}: cannot read ({exc.strerror or exc})") from exc
    return parse_rules_text(text, model, str(path))


def parse_rules_text(text: str, model: type[M], name: str) -> M:
    """YAML ``text`` (named ``name`` in errors) validated by ``model``."""
    yaml = _yaml()
    try:
        # libyaml's parser builds the same data about ten times faster than the pure-Python one
        data = yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f":{mark.line + 1}" if mark is not None else ""
        raise RulesError(f"{name}{where}: not valid YAML ({exc})") from exc
    return validate_rules(data, model, name, text)


def validate_rules(data: Any, model: type[M], name: str, text: Optional[str] = None) -> M:
    """``data`` (parsed from ``text``, when given, for line numbers) validated by ``model``."""
    try:
        result = model.model_validate(data)
    except pydantic.ValidationError as exc:
        err = exc.errors(include_url=False)[0]
        # a bad mapping key is named by the key itself; "<...>" tags name the branch of a union of shapes
        loc = tuple(part for part in err["loc"] if part != "[key]" and not str(part).startswith("<"))
        line = _line_of(text, loc) if text is not None else None
        where = f"{name}:{line}" if line else name
        more = f" (and {exc.error_count() - 1} more)" if exc.error_count() > 1 else ""
        raise RulesError(f"{where}: {key_path(loc)}: {_message(err)}{more}") from None
    twice = duplicate_id(result)
    if twice:
        raise RulesError(f"{name}: {twice[1]}: rule id {twice[0]!r} is used twice (ids are unique per file)")
    return result


def key_path(loc: tuple) -> str:
    """``("heads", 3, "kind")`` -> ``heads[3].kind``; the empty path is the top level."""
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out or "top level"


def _message(err: dict) -> str:
    msg = err["msg"]
    if msg.startswith("Value error, "):
        msg = msg[len("Value error, "):]
    if err["type"] in ("missing", "extra_forbidden"):
        return msg
    return f"{msg}, got {err['input']!r}" if not isinstance(err["input"], (dict, list)) else msg


def _line_of(text: str, loc: tuple) -> Optional[int]:
    """1-based line of the YAML node at ``loc`` (of its closest existing parent for a missing key)."""
    yaml = _yaml()
    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError:
        return None
    if node is None:
        return None
    line = node.start_mark.line
    for part in loc:
        if isinstance(node, yaml.MappingNode):
            pair = next(((k, v) for k, v in node.value if str(k.value) == str(part)), None)
            if pair is None:
                break
            line, node = pair[0].start_mark.line, pair[1]
        elif isinstance(node, yaml.SequenceNode) and isinstance(part, int) and 0 <= part < len(node.value):
            node = node.value[part]
            line = node.start_mark.line
        else:
            break
    return line + 1
