// swift-tools-version:6.0
// Fuzz targets and the differential runner for Capsule. A separate package so that the main
// package's `swift build` and `swift test` never see libFuzzer; see README.md for the commands.
import PackageDescription

// SwiftPM names a path dependency after its directory. `capsule` is a symbolic link to `..`, so the
// root package is `capsule` whatever the checkout's directory is called (and never clashes with this
// package, `fuzz`).
let root = "capsule"

let capsule: [Target.Dependency] = [
    .product(name: "CapsuleCore", package: root),
    .product(name: "CapsuleBinary", package: root),
    .product(name: "CapsuleValidation", package: root),
    .product(name: "CapsuleEngine", package: root),
    .product(name: "CapsuleText", package: root),
    .product(name: "CapsuleWASI", package: root),
    .product(name: "CapsuleComponent", package: root),
]

let package = Package(
    name: "CapsuleFuzz",
    platforms: [.macOS(.v15)],
    dependencies: [.package(path: "capsule")],
    targets: [
        // What each fuzz target does with one input; shared by the libFuzzer entry points and fuzz-replay.
        .target(name: "FuzzSupport", dependencies: ["FuzzDriver"] + capsule),
        // A weak reference to libFuzzer's LLVMFuzzerRunDriver, so the same executables link with and without it.
        .target(name: "FuzzDriver"),
        // One executable per target. Built with `-Xswiftc -sanitize=fuzzer,address` (Scripts/build.sh)
        // it is a libFuzzer fuzzer; built without, it replays the files given as arguments.
        .executableTarget(name: "fuzz-decode", dependencies: ["FuzzSupport"]),
        .executableTarget(name: "fuzz-validate", dependencies: ["FuzzSupport"]),
        .executableTarget(name: "fuzz-text", dependencies: ["FuzzSupport"]),
        .executableTarget(name: "fuzz-execute", dependencies: ["FuzzSupport"]),
        .executableTarget(name: "fuzz-wasi", dependencies: ["FuzzSupport"]),
        // The interpreter against the native tier on the same module (no fuel; see FuzzTargets.tiers).
        .executableTarget(name: "fuzz-tiers", dependencies: ["FuzzSupport"]),
        .executableTarget(name: "fuzz-snapshot", dependencies: ["FuzzSupport"]),
        .executableTarget(name: "fuzz-checkpoint", dependencies: ["FuzzSupport"]),
        // The component decoder, validator, WIT printer and instantiation (ComponentTarget).
        .executableTarget(name: "fuzz-component", dependencies: ["FuzzSupport"]),
        // The Capsule side of the differential run (build without the fuzzer flag).
        .executableTarget(name: "capsule-diff", dependencies: ["FuzzSupport"] + capsule),
    ]
)
