"""The benchmark scripts are run by hand (``python tests/benchmarks/run.py``), never collected by pytest."""

collect_ignore_glob = ["*.py"]
