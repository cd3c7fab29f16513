// Fuzz target "tiers": see FuzzTargets.tiers. A libFuzzer fuzzer when built with -sanitize=fuzzer,
// otherwise a replayer of the files given as arguments.
import FuzzSupport

FuzzMain.run(FuzzTargets.tiers)
