"""Load every lexicon, table and model once, so that processes forked afterwards share them.

Imported by the forkserver of the batch runner (``set_forkserver_preload``): worker processes then
start with everything loaded instead of each paying the start-up cost (about 3 s) on its own.
"""
from .core import extract

_SAMPLE = ("浙江省杭州市2016年机关效能建设工作总结\n一、强化督查问责。一是开展“马上办”专项行动，全年明察暗访12次，"
           "对3个单位通报批评并责令整改。二是审批时限由20个工作日缩短为5个工作日，办结率达到98%。\n二、优化服务\n")


def warm() -> None:
    extract(_SAMPLE)
    from .classify.model import load_model

    load_model()


warm()
