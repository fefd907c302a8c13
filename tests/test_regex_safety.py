"""No regular expression of the project backtracks catastrophically.

Every pattern the package compiles (at import or lazily from its data files) is recorded by
wrapping ``re.compile``/``regex.compile`` in a fresh interpreter, then each one is run over
adversarial inputs under a time bound. A linear pattern scans these 20k-character strings in
milliseconds; an exponential one would not finish in the bound.
"""
from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap

PROBE = textwrap.dedent(r'''
    import json, re, sys, regex, os
    recorded = []
    def wrap(mod):
        original = mod.compile
        def compile(pattern, flags=0, *args, **kwargs):
            compiled = original(pattern, flags, *args, **kwargs)
            frame, depth = sys._getframe(1), 0
            while frame is not None and depth < 12:
                if "/pipeline/" in frame.f_code.co_filename.replace(os.sep, "/"):
                    recorded.append((mod.__name__, compiled))
                    break
                frame, depth = frame.f_back, depth + 1
            return compiled
        mod.compile = compile
    wrap(re); wrap(regex)
    import pipeline
    from pipeline.batch import time_budget, TimeLimitExceeded
    pipeline.extract("杭州市富阳区2013年机关效能建设工作总结\n一、强化督查。一是开展“马上办”活动，全年明察暗访36次，"
                     "办结率达到99.5%，由20个工作日缩短为5个工作日，对3个单位通报批评，并责令整改；对相关责任人进行约谈。\n"
                     "（一）优化服务\n1、推行一窗受理。（1）网上办理率98%以上。①取消证明事项12项。")
    pieces = ["一是", "(", "（", "一、", "1.", "9", "9.", "%", "“", "”", "个", "万", "余", "由", "为", "问责", "通报",
              "对", "的", "年", "活动", "，", "、", " ", "\n", "a", "第", "之", "-", "—"]
    adversarial = [p * (20000 // len(p)) for p in pieces]
    adversarial += ["".join(pieces) * 400, ("9" * 50 + ".") * 300, ("一二三四五六七八九十" * 2000),
                    ("“" + "马" * 30) * 500, ("由1" + "0" * 30 + "个") * 400]
    slow = []
    seen = set()
    for modname, pat in recorded:
        key = (modname, pat.pattern, pat.flags)
        if key in seen:
            continue
        seen.add(key)
        for text in adversarial:
            if isinstance(pat.pattern, bytes):
                text = text.encode("utf-8")
            try:
                with time_budget(2.0):
                    for _ in pat.finditer(text):
                        pass
            except TimeLimitExceeded:
                slow.append([str(pat.pattern)[:200], text[:30]])
                break
    print(json.dumps({"patterns": len(seen), "slow": slow}, ensure_ascii=False))
''')


def test_no_pattern_backtracks_catastrophically():
    # caches off: a pattern loaded from the compiled-pattern store (or a numeral cn2an read before) would pass
    # by regex.compile unseen
    env = {**os.environ, "POLICY_MEASURES_NO_CACHE": "1"}
    res = subprocess.run([sys.executable, "-c", PROBE], capture_output=True, text=True, timeout=900, env=env)
    assert res.returncode == 0, res.stderr[-2000:]
    report = json.loads(res.stdout.strip().splitlines()[-1])
    assert report["patterns"] >= 20, "the probe must see the project's patterns"
    assert report["slow"] == []
