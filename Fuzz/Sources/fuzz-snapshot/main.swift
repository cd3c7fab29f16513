// Fuzz target "snapshot": see SnapshotTarget.run. A libFuzzer fuzzer when built with -sanitize=fuzzer,
// otherwise a replayer of the files given as arguments.
import FuzzSupport

FuzzMain.run(SnapshotTarget.run)
