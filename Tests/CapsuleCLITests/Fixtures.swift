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

    /// `Vendor/testsuite-3.0`, where the WebAssembly 3.0 core test suite is checked out (git-ignored).
    static let testsuite30: URL = packageRoot.appendingPathComponent("Vendor/testsuite-3.0")

    /// The 3.0 suite's files as paths inside `Vendor/testsuite-3.0`: the top-level `.wast` files, then
    /// those of `legacy/` and `custom/` (`proposals/` is not part of 3.0), each group sorted; empty when
    /// the suite is not checked out.
    static let testsuite30Files: [String] = {
        func files(in folder: String) -> [String] {
            let url = folder.isEmpty ? testsuite30 : testsuite30.appendingPathComponent(folder)
            guard let names = try? FileManager.default.contentsOfDirectory(atPath: url.path) else { return [] }
            return names.filter { $0.hasSuffix(".wast") }.sorted().map { folder.isEmpty ? $0 : folder + "/" + $0 }
        }
        return files(in: "") + files(in: "legacy") + files(in: "custom")
    }()

    /// Whether the 3.0 conformance suite is present.
    static var testsuite30IsPresent: Bool { !testsuite30Files.isEmpty }
}
