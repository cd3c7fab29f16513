import CapsuleCLI
import Foundation
import Testing

/// The skip list of the 3.0 suite, kept as data in `Fixtures/testsuite-3.0-skips.txt`: each entry a
/// file (its path inside `Vendor/testsuite-3.0`), the list it is on, and the reason.
struct Testsuite30Skips {
    /// One skipped file.
    struct Entry: Hashable {
        /// The list's heading, such as `part 2: GC instructions`.
        var list: String
        /// Path inside `Vendor/testsuite-3.0`, such as `array.wast` or `legacy/throw.wast`.
        var file: String
        /// Why the file is not run.
        var reason: String
    }

    /// Every entry, in the file's order.
    var entries: [Entry] = []
    /// Lines that are neither comments, headings nor `file | reason` entries (must stay empty).
    var malformedLines: [String] = []

    /// The list as read from the fixture (empty if the fixture cannot be read, which a test reports).
    static let fixture: Testsuite30Skips = {
        let text = (try? String(contentsOfFile: Fixtures.path("testsuite-3.0-skips.txt"), encoding: .utf8)) ?? ""
        return Testsuite30Skips(parsing: text)
    }()

    /// Heading of the typed-references-and-GC list (WebAssembly 3.0 part 2).
    static let part2 = "part 2: GC instructions"
    /// Heading of the list of files waiting for another branch's part-1 feature.
    static let pendingPart1 = "pending, part 1"

    init(parsing text: String) {
        var list = ""
        for raw in text.split(separator: "\n", omittingEmptySubsequences: false) {
            let line = raw.trimmingCharacters(in: .whitespaces)
            if line.isEmpty || line.hasPrefix("#") { continue }
            if line.hasPrefix("["), line.hasSuffix("]") {
                list = String(line.dropFirst().dropLast())
                continue
            }
            let parts = line.split(separator: "|", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            guard parts.count == 2, !parts[0].isEmpty, !parts[1].isEmpty, !list.isEmpty else {
                malformedLines.append(line)
                continue
            }
            entries.append(Entry(list: list, file: parts[0], reason: parts[1]))
        }
    }

    /// The skipped files.
    var files: Set<String> { Set(entries.map(\.file)) }

    /// The entries of one list.
    func entries(in list: String) -> [Entry] { entries.filter { $0.list == list } }
}

/// The WebAssembly 3.0 core test suite (`Vendor/testsuite-3.0`), one test per file through
/// `capsule wast`, except the files on the skip list (`Fixtures/testsuite-3.0-skips.txt`). Disabled
/// when the suite is not checked out (see `Vendor/README.md`).
@Suite struct Conformance30Tests {
    /// The files that must pass: every file of the suite that is not on the skip list.
    static let runFiles: [String] = {
        let skipped = Testsuite30Skips.fixture.files
        return Fixtures.testsuite30Files.filter { !skipped.contains($0) }
    }()

    @Test(
        "Vendor/testsuite-3.0 script has no failures",
        .enabled(if: Fixtures.testsuite30IsPresent, "Vendor/testsuite-3.0 not present: 3.0 conformance skipped"),
        arguments: runFiles
    )
    func script(_ name: String) throws {
        let path = Fixtures.testsuite30.appendingPathComponent(name).path
        let result = capsule("wast", path)
        let summary = try #require(result.output.split(separator: "\n").last.map(String.init))
        let failures = result.output.split(separator: "\n").dropLast().prefix(20).joined(separator: "\n")
        #expect(result.status == 0, "\(name): \(summary)\n\(failures)")
        #expect(summary.contains(" passed, 0 failed"), "\(name): \(summary)")
    }
}

@Suite struct Conformance30SkipListTests {
    let skips = Testsuite30Skips.fixture

    @Test func everyLineIsAnEntryWithAReason() {
        #expect(!skips.entries.isEmpty, "Fixtures/testsuite-3.0-skips.txt is missing or empty")
        #expect(skips.malformedLines.isEmpty, "lines that are not `file | reason`: \(skips.malformedLines)")
        #expect(skips.entries.allSatisfy { $0.file.hasSuffix(".wast") })
    }

    @Test func onlyTheTwoListsAndNoFileTwice() {
        let lists = Set(skips.entries.map(\.list))
        #expect(lists.isSubset(of: [Testsuite30Skips.part2, Testsuite30Skips.pendingPart1]), "unknown lists: \(lists)")
        #expect(!skips.entries(in: Testsuite30Skips.part2).isEmpty)
        #expect(skips.files.count == skips.entries.count, "a file is listed twice")
    }

    @Test(.enabled(if: Fixtures.testsuite30IsPresent, "Vendor/testsuite-3.0 not present: skip list not checked"))
    func skipListNamesOnlyFilesThatExist() {
        let present = Set(Fixtures.testsuite30Files)
        let missing = skips.entries.map(\.file).filter { !present.contains($0) }
        #expect(missing.isEmpty, "skip list names files the suite does not have: \(missing)")
    }

    @Test(.enabled(if: Fixtures.testsuite30IsPresent, "Vendor/testsuite-3.0 not present: file count not checked"))
    func theSuiteHasItsPinnedFiles() {
        // 193e551: 257 top-level files, 4 in legacy/, 3 in custom/.
        let files = Fixtures.testsuite30Files
        #expect(files.filter { !$0.contains("/") }.count == 257)
        #expect(files.filter { $0.hasPrefix("legacy/") }.count == 4)
        #expect(files.filter { $0.hasPrefix("custom/") }.count == 3)
        #expect(!files.contains { $0.hasPrefix("proposals/") })
    }

    @Test func parsingReadsHeadingsEntriesAndRejectsOtherLines() {
        let parsed = Testsuite30Skips(parsing: """
            # comment
            [part 2: GC instructions]
            a.wast | needs GC

            [pending, part 1]
            legacy/b.wast|exceptions
            c.wast
            """)
        #expect(parsed.entries == [
            .init(list: Testsuite30Skips.part2, file: "a.wast", reason: "needs GC"),
            .init(list: Testsuite30Skips.pendingPart1, file: "legacy/b.wast", reason: "exceptions"),
        ])
        #expect(parsed.malformedLines == ["c.wast"])
    }
}
