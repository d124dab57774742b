"""Benchmarks: chainrule against the classic micrograd design and PyTorch's scalar operations.

Run ``python -m benchmarks`` (``--quick`` for tiny sizes, ``--json PATH`` for the figures);
``python -m benchmarks.breakdown`` shows where chainrule's demo step spends its time.
"""
