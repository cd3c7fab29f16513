# Runs CPython's regression tests with regrtest from a copy of CPython's Lib/test granted at /testlib
# (the wheel's standard library has no test package): python regrtest.py test_json test_re ...
# regrtest wants a writable temporary directory; /tmp/regrtest is used.
import sys, runpy
sys.path.insert(0, "/testlib")
sys.argv = ["-m test", "--tempdir", "/tmp/regrtest"] + sys.argv[1:]
runpy.run_module("test", run_name="__main__", alter_sys=True)
