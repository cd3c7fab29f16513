// Fuzz target "component": see ComponentTarget.run. A libFuzzer fuzzer when built with -sanitize=fuzzer,
// otherwise a replayer of the files given as arguments.
import FuzzSupport

FuzzMain.run(ComponentTarget.run)
