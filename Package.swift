// swift-tools-version:6.0
import PackageDescription

// The interpreter's dispatch. LLVM keeps a `switch` with more than 16 predecessors and successors
// as one shared indirect jump; raising those limits gives every handler its own jump (tail
// duplication), measured at 0.77x the time over Benchmarks/ (Docs/RATIONALE.md, "A `switch` loop, not
// threaded code"). These are unsafe flags to SwiftPM, and a package with unsafe flags cannot be a
// versioned dependency, so they apply only when Capsule is not built from a dependency checkout
// (`.build/checkouts`, Xcode's `SourcePackages/checkouts`) and `CAPSULE_PLAIN_DISPATCH` is unset.
let tailDuplicatedDispatch = !Context.packageDirectory.contains("/checkouts/")
    && Context.environment["CAPSULE_PLAIN_DISPATCH"] == nil
let engineSettings: [SwiftSetting] = tailDuplicatedDispatch
    ? [.unsafeFlags(["-Xllvm", "-tail-dup-pred-size=1000", "-Xllvm", "-tail-dup-succ-size=1000"], .when(configuration: .release))]
    : []

let package = Package(
    name: "Capsule",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "capsule", targets: ["capsule"]),
        .library(name: "CapsuleEngine", targets: ["CapsuleEngine"]),
        .library(name: "CapsuleSpecTest", targets: ["CapsuleSpecTest"]),
        .library(name: "CapsuleWASI", targets: ["CapsuleWASI"]),
        // For the fuzz targets in Fuzz/ (a separate package that depends on this one by path).
        .library(name: "CapsuleCore", targets: ["CapsuleCore"]),
        .library(name: "CapsuleBinary", targets: ["CapsuleBinary"]),
        .library(name: "CapsuleValidation", targets: ["CapsuleValidation"]),
        .library(name: "CapsuleText", targets: ["CapsuleText"]),
        .library(name: "CapsuleComponent", targets: ["CapsuleComponent"]),
        .library(name: "CapsuleWASI2", targets: ["CapsuleWASI2"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.80.0"),
    ],
    targets: [
        .target(name: "CapsuleCore"),
        .target(name: "CapsuleBinary", dependencies: ["CapsuleCore"]),
        .target(name: "CapsuleValidation", dependencies: ["CapsuleCore", "CapsuleBinary"]),
        .target(name: "CapsuleEngine", dependencies: ["CapsuleCore", "CapsuleBinary", "CapsuleValidation"], swiftSettings: engineSettings),
        .target(name: "CapsuleWASI", dependencies: ["CapsuleCore", "CapsuleEngine"]),
        .target(name: "CapsuleText", dependencies: ["CapsuleCore"]),
        .target(name: "CapsuleComponent", dependencies: ["CapsuleCore", "CapsuleBinary", "CapsuleValidation", "CapsuleEngine"]),
        .target(name: "CapsuleWASI2", dependencies: ["CapsuleCore", "CapsuleEngine", "CapsuleComponent", "CapsuleWASI"]),
        // The HTTP server for `capsule serve`: the only target that links swift-nio.
        .target(
            name: "CapsuleServe",
            dependencies: [
                "CapsuleEngine", "CapsuleWASI", "CapsuleComponent", "CapsuleWASI2",
                .product(name: "NIOCore", package: "swift-nio"), .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"), .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
            ]
        ),
        .target(name: "CapsuleSpecTest", dependencies: ["CapsuleCore", "CapsuleBinary", "CapsuleValidation", "CapsuleEngine", "CapsuleText"]),
        .target(
            name: "CapsuleCLI",
            dependencies: [
                "CapsuleCore", "CapsuleBinary", "CapsuleValidation", "CapsuleEngine", "CapsuleText", "CapsuleSpecTest", "CapsuleWASI",
                "CapsuleComponent", "CapsuleWASI2", "CapsuleServe",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .executableTarget(name: "capsule", dependencies: ["CapsuleCLI"]),
        .target(name: "CapsuleExamples", dependencies: ["CapsuleCore", "CapsuleEngine", "CapsuleWASI", "CapsuleText"]),
        .executableTarget(name: "example-plugin-host", dependencies: ["CapsuleExamples"], path: "Examples/plugin-host"),
        .executableTarget(name: "example-wasi-memfs", dependencies: ["CapsuleExamples"], path: "Examples/wasi-memfs"),
        .executableTarget(name: "example-limits", dependencies: ["CapsuleExamples"], path: "Examples/limits"),
        .executableTarget(name: "example-snapshot", dependencies: ["CapsuleExamples"], path: "Examples/snapshot"),
        .executableTarget(name: "example-python", dependencies: ["CapsuleExamples"], path: "Examples/python", exclude: ["README.md", "setup.sh", "stdlib_tour.py", "numpy_linalg.py", "regrtest.py", "host_call.py"]),
        .testTarget(name: "CapsuleBinaryTests", dependencies: ["CapsuleCore", "CapsuleBinary", "CapsuleText"]),
        .testTarget(name: "CapsuleValidationTests", dependencies: ["CapsuleCore", "CapsuleBinary", "CapsuleValidation", "CapsuleText"]),
        .testTarget(name: "CapsuleCLITests", dependencies: ["CapsuleCLI", "CapsuleSpecTest", "CapsuleText", "CapsuleExamples"], resources: [.copy("Fixtures")]),
        .testTarget(name: "CapsuleWASITests", dependencies: ["CapsuleWASI", "CapsuleEngine", "CapsuleCore", "CapsuleText", "CapsuleCLI"]),
        .testTarget(name: "CapsuleTextTests", dependencies: ["CapsuleText", "CapsuleCore"]),
        .testTarget(name: "CapsuleComponentTests", dependencies: ["CapsuleComponent", "CapsuleCore", "CapsuleBinary", "CapsuleCLI", "CapsuleWASI2", "CapsuleWASI", "CapsuleServe", "CapsuleEngine"], resources: [.copy("Fixtures")]),
        .testTarget(name: "CapsuleEngineTests", dependencies: ["CapsuleEngine", "CapsuleCore", "CapsuleBinary", "CapsuleValidation", "CapsuleText"]),
    ]
)
