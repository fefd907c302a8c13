"""Load every lexicon, table and model once, so that processes forked afterwards share them.

Imported by the forkserver of the batch runner (``set_forkserver_preload``): worker processes then
start with everything loaded instead of each paying the start-up cost (about 3 s) on its own.
"""
import gc

from . import regex_cache
from .core import extract

_SAMPLE = ("浙江省杭州市2016年机关效能建设工作总结\n一、强化督查问责。一是开展“马上办”专项行动，全年明察暗访12次，"
           "对3个单位通报批评并责令整改。二是审批时限由20个工作日缩短为5个工作日，办结率达到98%。\n二、优化服务\n")


def warm() -> None:
    extract(_SAMPLE)
    from .classify.model import load_model, predict
    from .extract.indicators import _place_names
    from .normalize import cn2an_memo, units
    from .normalize.regions import gazetteer
    from .segment import window_segmenter

    model = load_model()
    if model is not None:  # the first prediction, as a document would ask for it
        predict(model, ["强化督查问责"], ["开展专项行动"])
    # What the first real document would otherwise load in every worker: jieba and its dictionary's
    # store for short place names (regions._word_aligned; built here on the first run), the SI
    # conversion factors (shipped; pint only for units units.yaml gained since), the region table.
    # Loaded here once, every worker shares them.
    window_segmenter()
    gazetteer()
    _place_names()
    t = units.table()
    for u in t.units.values():
        if u.pint is not None and u.dimension in (t.si_units or {}):
            try:
                units._si_factor(u.pint, t.si_units[u.dimension])
            except Exception:  # a bad definition shows where it is used, not here
                pass
    # The patterns compiled above and the numerals cn2an read, on disk for the next process (regex_cache,
    # cn2an_memo); the forkserver that imports this module is killed at the end of a batch, before atexit
    # could write them.
    regex_cache.save()
    cn2an_memo.save()
    # Everything loaded so far lives as long as the process: out of the collector's reach, a full
    # collection in a worker scans only what its documents made (three of them cost 0.15 s over 120
    # reports with the 67,000 loaded objects in view), and forked workers share those pages untouched
    # (the fork-without-exec use gc.freeze is for).
    gc.freeze()


warm()
