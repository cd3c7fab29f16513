// Fuzz target "checkpoint": see CheckpointTarget.run. A libFuzzer fuzzer when built with -sanitize=fuzzer,
// otherwise a replayer of the files given as arguments.
import FuzzSupport

FuzzMain.run(CheckpointTarget.run)
