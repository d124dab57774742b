"""Benchmarks: chainrule against the classic micrograd design, PyTorch's scalars and plain floats.

Run ``python -m benchmarks`` for every workload, ``python -m benchmarks learner-step`` (or
any of ``suite.GROUPS``) for one, ``--quick`` for tiny sizes, ``--markdown`` for a table
the README can hold; ``python -m benchmarks.breakdown`` shows where chainrule's demo step
spends its time.
"""
