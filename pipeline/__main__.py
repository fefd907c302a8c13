"""``policy-measures`` and ``python -m pipeline``."""
import sys

from .forkserver import start_forkserver, wants_early_start


def main() -> None:
    # The fork server loads every rule, lexicon and model (about a second); started before this
    # process imports the command line's modules, the two run side by side.
    if wants_early_start(sys.argv[1:]):
        start_forkserver()
    from .cli import main as cli_main

    cli_main()


if __name__ == "__main__":
    main()
