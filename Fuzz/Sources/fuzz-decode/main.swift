// Fuzz target "decode": see FuzzTargets.decode. A libFuzzer fuzzer when built with -sanitize=fuzzer,
// otherwise a replayer of the files given as arguments.
import FuzzSupport

FuzzMain.run(FuzzTargets.decode)
