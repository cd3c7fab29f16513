// swift-tools-version:6.0
import PackageDescription

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
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/swiftwasm/WasmKit", exact: "0.4.2"),
    ],
    targets: [
        .target(name: "CapsuleCore"),
        .target(name: "CapsuleBinary", dependencies: ["CapsuleCore"]),
        .target(name: "CapsuleValidation", dependencies: ["CapsuleCore", "CapsuleBinary"]),
        .target(name: "CapsuleEngine", dependencies: ["CapsuleCore", "CapsuleBinary", "CapsuleValidation"]),
        .target(name: "CapsuleWASI", dependencies: ["CapsuleCore", "CapsuleEngine"]),
        .target(
            name: "CapsuleText",
            dependencies: ["CapsuleCore", .product(name: "WAT", package: "WasmKit")]
        ),
        .target(name: "CapsuleSpecTest", dependencies: ["CapsuleCore", "CapsuleBinary", "CapsuleValidation", "CapsuleEngine", "CapsuleText"]),
        .target(
            name: "CapsuleCLI",
            dependencies: [
                "CapsuleCore", "CapsuleBinary", "CapsuleValidation", "CapsuleEngine", "CapsuleText", "CapsuleSpecTest", "CapsuleWASI",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .executableTarget(name: "capsule", dependencies: ["CapsuleCLI"]),
        .target(name: "CapsuleExamples", dependencies: ["CapsuleCore", "CapsuleEngine", "CapsuleWASI", "CapsuleText"]),
        .executableTarget(name: "example-plugin-host", dependencies: ["CapsuleExamples"], path: "Examples/plugin-host"),
        .executableTarget(name: "example-wasi-memfs", dependencies: ["CapsuleExamples"], path: "Examples/wasi-memfs"),
        .executableTarget(name: "example-limits", dependencies: ["CapsuleExamples"], path: "Examples/limits"),
        .testTarget(name: "CapsuleBinaryTests", dependencies: ["CapsuleCore", "CapsuleBinary", "CapsuleText"]),
        .testTarget(name: "CapsuleValidationTests", dependencies: ["CapsuleCore", "CapsuleBinary", "CapsuleValidation", "CapsuleText"]),
        .testTarget(name: "CapsuleCLITests", dependencies: ["CapsuleCLI", "CapsuleSpecTest", "CapsuleText", "CapsuleExamples"], resources: [.copy("Fixtures")]),
        .testTarget(name: "CapsuleWASITests", dependencies: ["CapsuleWASI", "CapsuleEngine", "CapsuleCore", "CapsuleText", "CapsuleCLI"]),
        .testTarget(name: "CapsuleEngineTests", dependencies: ["CapsuleEngine", "CapsuleCore", "CapsuleBinary", "CapsuleText"]),
    ]
)
