"""``policy-measures`` and ``python -m pipeline``."""
import sys

from .forkserver import start_forkserver, wants_early_start


def main() -> None:
    # The fork server loads every rule, lexicon and model (about a second); started before this
    # process imports the command line's modules, the two run side by side.
    if wants_early_start(sys.argv[1:]):
        start_forkserver()
    from .cli import main as cli_main

    try:
        cli_main()
    except SystemExit as exc:
        _exit(exc.code)
    _exit(0)


def _exit(code) -> None:
    """Leave as ``sys.exit(code)`` would, without tearing the heap down object by object: the exit
    handlers run (multiprocessing's, the pattern cache's, logging's) and the standard streams are
    flushed, then the process ends. Freeing every module and object of a loaded command line costs
    0.1 s, a tenth of a short run, and frees nothing the operating system would not."""
    import atexit
    import os

    if code is None:
        status = 0
    elif isinstance(code, int):
        status = code
    else:  # sys.exit("message"): the message goes to stderr and the status is 1
        print(code, file=sys.stderr)
        status = 1
    atexit._run_exitfuncs()
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except Exception:  # a closed or broken pipe: nothing left to say
            pass
    os._exit(status)


if __name__ == "__main__":
    main()
