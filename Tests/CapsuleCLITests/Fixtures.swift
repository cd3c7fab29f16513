import Foundation

/// Paths of the test fixtures and of the vendored conformance suite.
enum Fixtures {
    /// The bundled `Fixtures` folder.
    static let directory: URL = {
        if let url = Bundle.module.url(forResource: "Fixtures", withExtension: nil) { return url }
        // Fall back to the source tree (for example when resources were not copied).
        return URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures")
    }()

    /// The path of one fixture file.
    static func path(_ name: String) -> String {
        directory.appendingPathComponent(name).path
    }

    /// The package's root folder: three levels above this file (`Tests/CapsuleCLITests/Fixtures.swift`).
    static let packageRoot: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent()
        .deletingLastPathComponent()
        .deletingLastPathComponent()

    /// `Vendor/testsuite`, where the WebAssembly 2.0 core test suite is checked out (git-ignored).
    static let testsuite: URL = packageRoot.appendingPathComponent("Vendor/testsuite")

    /// The top-level `.wast` files of the suite, sorted; empty when the suite is not checked out.
    static let testsuiteFiles: [String] = {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: testsuite.path) else { return [] }
        return names.filter { $0.hasSuffix(".wast") }.sorted()
    }()

    /// Whether the conformance suite is present.
    static var testsuiteIsPresent: Bool { !testsuiteFiles.isEmpty }
}
