import CapsuleCLI
import Foundation
import Testing

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The project's own WASI programs (`Tests/Fixtures/wasi-c`): each runs through `capsule run` as `runs.json`
/// describes, and what it prints and its exit status must equal `NAME.expected` and `NAME.status`, which
/// wasmtime produced (see that folder's README for the few lines taken from the specification instead).
///
/// The programs run in process, through ``CapsuleCommand/run(arguments:console:)`` with a ``BufferConsole``
/// (which becomes the guest's standard streams), and again through the built `capsule` executable as a
/// subprocess, whose standard output is a pipe as it is for users.
@Suite struct WASIProgramTests {
    /// Fails while `capsule run` cannot run a WASI program; the tests below say so instead of failing.
    static let capsuleRunsWASI: Bool = WASIPrograms.canRun("hello")

    @Test("Each program prints what wasmtime printed and exits as it did (in process)",
          .enabled(if: capsuleRunsWASI, WASIPrograms.notRunnableComment),
          arguments: WASIPrograms.all)
    func matchesExpectationInProcess(program: WASIProgram) throws {
        let outcome = try WASIPrograms.run(program, via: .inProcess)
        WASIPrograms.compare(outcome, with: program)
    }

    @Test("Each program prints what wasmtime printed and exits as it did (the capsule executable)",
          .enabled(if: capsuleRunsWASI, WASIPrograms.notRunnableComment),
          .enabled(if: WASIPrograms.executable != nil, "the capsule executable was not found next to the test bundle"),
          arguments: WASIPrograms.all)
    func matchesExpectationAsSubprocess(program: WASIProgram) throws {
        let outcome = try WASIPrograms.run(program, via: .subprocess)
        WASIPrograms.compare(outcome, with: program)
    }

    @Test("Each program behaves the same in the native tier (in process, --tier native)",
          .enabled(if: capsuleRunsWASI, WASIPrograms.notRunnableComment),
          arguments: WASIPrograms.all)
    func matchesExpectationInTheNativeTier(program: WASIProgram) throws {
        let outcome = try WASIPrograms.run(program, via: .inProcess, options: ["--tier", "native"])
        WASIPrograms.compare(outcome, with: program)
    }

    @Test("The escape probes find no way out, the host side is untouched, and the controls work",
          .enabled(if: capsuleRunsWASI, WASIPrograms.notRunnableComment),
          arguments: WASIPrograms.modes)
    func escapeProbesFindNoWayOut(mode: WASIPrograms.Mode) throws {
        let program = try #require(WASIPrograms.all.first { $0.name == "escape" })
        let outcome = try WASIPrograms.run(program, via: mode)
        let escaped = outcome.output.split(separator: "\n").filter { $0.contains("ESCAPED") }
        #expect(escaped.isEmpty, "escape probes that got out: \(escaped.joined(separator: "; "))")
        #expect(outcome.output.contains("escapes: 0\n"), "the program did not finish its probes")
        #expect(outcome.hostProblems.isEmpty, "host side changed: \(outcome.hostProblems.joined(separator: "; "))")
        // A runtime that refused everything would pass the lines above, so the control probes (which stay
        // inside the sandbox and mostly succeed) must come out as under wasmtime.
        func controls(_ text: String) -> [String] {
            text.split(separator: "\n").map(String.init).filter { $0.hasPrefix("control: ") }
        }
        let expectedControls = controls(program.expectedOutput)
        #expect(expectedControls.count > 40)
        for line in WASIPrograms.differences(expected: expectedControls.joined(separator: "\n"),
                                             actual: controls(outcome.output).joined(separator: "\n")) {
            Issue.record("escape control probe (\(mode.testDescription)): \(line)")
        }
    }

    @Test("Every program in runs.json has its source, prebuilt module and expectations, and the module validates")
    func fixturesAreComplete() throws {
        #expect(WASIPrograms.all.count >= 11)
        for program in WASIPrograms.all {
            for suffix in [".c", ".wasm", ".expected", ".status"] {
                let path = WASIPrograms.directory.appendingPathComponent(program.name + suffix).path
                #expect(FileManager.default.fileExists(atPath: path), "missing \(program.name + suffix)")
            }
            let console = BufferConsole()
            let status = CapsuleCommand.run(arguments: ["validate", program.modulePath], console: console)
            #expect(status == 0, "\(program.name).wasm does not validate: \(console.errorOutput)")
            #expect(program.expectedStatus != nil, "\(program.name).status is not a number")
        }
    }

    @Test("The host-side snapshot notices changed content, a new hard link, new times and a new file")
    func snapshotNoticesChanges() throws {
        let fileManager = FileManager.default
        let root = fileManager.temporaryDirectory.appendingPathComponent("capsule-snapshot-\(UUID().uuidString)")
        try fileManager.createDirectory(at: root, withIntermediateDirectories: true)
        defer { try? fileManager.removeItem(at: root) }
        let secret = root.appendingPathComponent("secret.txt").path
        #expect(fileManager.createFile(atPath: secret, contents: Data("TOP SECRET\n".utf8)))
        let original = WASIPrograms.snapshot(root.path)
        #expect(WASIPrograms.snapshot(root.path) == original)

        try fileManager.linkItem(atPath: secret, toPath: root.appendingPathComponent("hard").path)
        let withLink = WASIPrograms.snapshot(secret)
        try fileManager.removeItem(atPath: root.appendingPathComponent("hard").path)
        #expect(withLink != WASIPrograms.snapshot(secret), "a second hard link goes unnoticed")

        let before = WASIPrograms.snapshot(secret)
        try fileManager.setAttributes([.modificationDate: Date(timeIntervalSince1970: 1_000_000_000)], ofItemAtPath: secret)
        #expect(WASIPrograms.snapshot(secret) != before, "new times go unnoticed")

        let beforeWrite = WASIPrograms.snapshot(secret)
        try Data("TOP SECRET\n".utf8.reversed()).write(to: URL(fileURLWithPath: secret))
        try fileManager.setAttributes([.modificationDate: Date(timeIntervalSince1970: 1_000_000_000)], ofItemAtPath: secret)
        #expect(WASIPrograms.snapshot(secret) != beforeWrite, "new content with the old times goes unnoticed")

        let directoryBefore = WASIPrograms.snapshot(root.path)
        #expect(fileManager.createFile(atPath: root.appendingPathComponent("created.txt").path, contents: Data()))
        #expect(WASIPrograms.snapshot(root.path) != directoryBefore, "a new file goes unnoticed")
    }

    @Test("The line comparison names each differing line with what was expected and what came")
    func lineDifferencesArePrecise() {
        let expected = "a\nb\nc\nd\n"
        let actual = "a\nB\nc\nextra\nd\n"
        #expect(WASIPrograms.differences(expected: expected, actual: actual) == [
            "line 2: expected \"b\", got \"B\"",
            "after line 3: unexpected \"extra\"",
        ])
        // Lines pair by their label, not by position.
        #expect(WASIPrograms.differences(expected: "k\nx: 1\ny: 1\nz: 1\n", actual: "k\nw: 0\nz: 2\n") == [
            "line 2: expected \"x: 1\", got nothing",
            "line 3: expected \"y: 1\", got nothing",
            "line 4: expected \"z: 1\", got \"z: 2\"",
            "after line 4: unexpected \"w: 0\"",
        ])
        #expect(WASIPrograms.differences(expected: "x\ny\n", actual: "x\n") == ["line 2: expected \"y\", got nothing"])
        #expect(WASIPrograms.differences(expected: expected, actual: expected).isEmpty)
    }
}

/// One program of `Tests/Fixtures/wasi-c`, as `runs.json` describes it.
struct WASIProgram: Decodable, Sendable, CustomTestStringConvertible {
    /// A preopened directory: `host` is relative to the run's temporary root.
    struct Preopen: Decodable, Sendable {
        var host: String
        var guest: String
        var readonly: Bool?
    }

    /// One item of the host layout made before the run.
    struct LayoutEntry: Decodable, Sendable {
        var path: String?
        var dir: Bool?
        var file: String?
        var symlink: String?
        /// A chain of symlinks `PREFIX1 -> PREFIX2 -> ... -> PREFIXcount -> end`.
        var chain: String?
        var count: Int?
        var end: String?
    }

    var name: String
    var args: [String]?
    var env: [String]?
    var dirs: [Preopen]?
    var layout: [LayoutEntry]?
    /// Paths (relative to the root) whose type, content, link count and modification time must not change.
    var unchanged: [String]?
    /// Exactly the names the root must hold afterwards.
    var rootEntries: [String]?
    /// Absolute host paths that must not exist afterwards.
    var absent: [String]?

    enum CodingKeys: String, CodingKey {
        case name, args, env, dirs, layout, unchanged, absent
        case rootEntries = "root_entries"
    }

    var testDescription: String { name }

    var modulePath: String { WASIPrograms.directory.appendingPathComponent(name + ".wasm").path }

    var expectedOutput: String {
        (try? String(contentsOf: WASIPrograms.directory.appendingPathComponent(name + ".expected"), encoding: .utf8)) ?? ""
    }

    var expectedStatus: Int32? {
        let text = try? String(contentsOf: WASIPrograms.directory.appendingPathComponent(name + ".status"), encoding: .utf8)
        return text.flatMap { Int32($0.trimmingCharacters(in: .whitespacesAndNewlines)) }
    }
}

/// Running the WASI programs and judging what they did.
enum WASIPrograms {
    /// How a program is run.
    enum Mode: Sendable, CustomTestStringConvertible {
        /// `CapsuleCommand.run` with a `BufferConsole`.
        case inProcess
        /// The `capsule` executable, with pipes for its standard streams.
        case subprocess

        var testDescription: String { self == .inProcess ? "in process" : "subprocess" }
    }

    /// In process always; through the executable too when it was built.
    static var modes: [Mode] { executable == nil ? [.inProcess] : [.inProcess, .subprocess] }

    /// What one run produced.
    struct Outcome {
        var program: String
        var mode: Mode
        var status: Int32
        var output: String
        var errors: String
        /// Host-side checks that failed (changed or created files), empty when all held.
        var hostProblems: [String]
    }

    static let notRunnableComment: Comment =
        "capsule run cannot run WASI programs yet: Tests/Fixtures/wasi-c/hello.wasm did not print \"hello from wasi\" and exit 0 (WASI preview 1 in `capsule run` is missing)"

    /// `Tests/Fixtures/wasi-c`, found from this file's path.
    static let directory: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent()
        .deletingLastPathComponent()
        .appendingPathComponent("Fixtures/wasi-c")

    /// The programs listed in `runs.json`.
    static let all: [WASIProgram] = {
        struct Manifest: Decodable { var programs: [WASIProgram] }
        guard let data = try? Data(contentsOf: directory.appendingPathComponent("runs.json")),
              let manifest = try? JSONDecoder().decode(Manifest.self, from: data)
        else { return [] }
        return manifest.programs
    }()

    /// The built `capsule` executable, looked for beside the test bundle.
    static let executable: URL? = {
        var places: [URL] = [Bundle.main.bundleURL, Bundle.main.bundleURL.deletingLastPathComponent()]
        if let first = CommandLine.arguments.first {
            places.append(URL(fileURLWithPath: first).deletingLastPathComponent())
        }
        for bundle in Bundle.allBundles where bundle.bundlePath.hasSuffix(".xctest") {
            places.append(bundle.bundleURL.deletingLastPathComponent())
        }
        for place in places {
            let candidate = place.appendingPathComponent("capsule")
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: candidate.path, isDirectory: &isDirectory), !isDirectory.boolValue,
               FileManager.default.isExecutableFile(atPath: candidate.path) {
                return candidate
            }
        }
        return nil
    }()

    /// Whether `capsule run` runs the named program and it prints what is expected (used to gate the tests).
    static func canRun(_ name: String) -> Bool {
        guard let program = all.first(where: { $0.name == name }),
              let outcome = try? run(program, via: .inProcess)
        else { return false }
        return outcome.status == program.expectedStatus && outcome.output == program.expectedOutput
    }

    /// Lays out a fresh temporary root, runs the program, checks the host side, and removes the root.
    static func run(_ program: WASIProgram, via mode: Mode, options: [String] = []) throws -> Outcome {
        let fileManager = FileManager.default
        let root = fileManager.temporaryDirectory
            .appendingPathComponent("capsule-wasi-\(program.name)-\(UUID().uuidString)")
            .resolvingSymlinksInPath()
        try fileManager.createDirectory(at: root, withIntermediateDirectories: true)
        defer { try? fileManager.removeItem(at: root) }
        try makeLayout(of: program, in: root)
        let before = (program.unchanged ?? []).map { snapshot(root.appendingPathComponent($0).path) }
        var problems: [String] = []
        for path in program.absent ?? [] where lexists(path) {
            problems.append("\(path) existed before the run; remove it")
        }

        var arguments = ["run"] + options
        for preopen in program.dirs ?? [] {
            arguments += [preopen.readonly == true ? "--ro-dir" : "--dir",
                          root.appendingPathComponent(preopen.host).path + "::" + preopen.guest]
        }
        for variable in program.env ?? [] { arguments += ["--env", variable] }
        arguments.append(program.modulePath)
        if let guestArguments = program.args, !guestArguments.isEmpty { arguments += ["--"] + guestArguments }

        var outcome: Outcome
        switch mode {
        case .inProcess:
            let console = BufferConsole()
            let status = CapsuleCommand.run(arguments: arguments, console: console)
            outcome = Outcome(program: program.name, mode: mode, status: status, output: console.output,
                              errors: console.errorOutput, hostProblems: [])
        case .subprocess:
            guard let executable else { throw WASIProgramError("no capsule executable") }
            // The working directory is inside the watched area, so that a path wrongly resolved from it
            // (rather than from a preopen) shows up in the host-side checks.
            let outside = root.appendingPathComponent("outside")
            let workingDirectory = fileManager.fileExists(atPath: outside.path) ? outside : root
            outcome = try runProcess(executable, arguments: arguments, in: workingDirectory, program: program.name)
        }

        for (path, was) in zip(program.unchanged ?? [], before) {
            let now = snapshot(root.appendingPathComponent(path).path)
            if now != was { problems.append("\(path) changed: was \(was), now \(now)") }
        }
        if let names = program.rootEntries {
            let found = ((try? fileManager.contentsOfDirectory(atPath: root.path)) ?? []).sorted()
            if found != names.sorted() { problems.append("the root holds \(found), expected \(names.sorted())") }
        }
        for path in program.absent ?? [] where lexists(path) {
            problems.append("\(path) was created")
            try? fileManager.removeItem(atPath: path)
        }
        outcome.hostProblems = problems
        return outcome
    }

    /// Records one issue per differing line (at most 40) and one for a different exit status.
    static func compare(_ outcome: Outcome, with program: WASIProgram) {
        let where_ = "\(program.name) (\(outcome.mode.testDescription))"
        #expect(outcome.status == program.expectedStatus,
                "\(where_): exit status \(outcome.status), expected \(program.expectedStatus.map(String.init) ?? "?"); stderr: \(outcome.errors.prefix(500))")
        let lines = differences(expected: program.expectedOutput, actual: outcome.output)
        for line in lines.prefix(40) {
            Issue.record("\(where_): \(line)")
        }
        if lines.count > 40 { Issue.record("\(where_): \(lines.count - 40) more differing lines") }
        #expect(outcome.hostProblems.isEmpty, "\(where_): host side: \(outcome.hostProblems.joined(separator: "; "))")
    }

    /// The lines that differ between `expected` and `actual`, aligned by their longest common subsequence:
    /// `line N: expected "x", got "y"`, `line N: expected "x", got nothing`, `after line N: unexpected "y"`.
    static func differences(expected: String, actual: String) -> [String] {
        func lines(_ text: String) -> [String] {
            var parts = text.components(separatedBy: "\n")
            if parts.last == "" { parts.removeLast() }
            return parts
        }
        let a = lines(expected), b = lines(actual)
        // lcs[i][j]: the longest common subsequence of a[i...] and b[j...].
        var lcs = Array(repeating: Array(repeating: 0, count: b.count + 1), count: a.count + 1)
        for i in stride(from: a.count - 1, through: 0, by: -1) {
            for j in stride(from: b.count - 1, through: 0, by: -1) {
                lcs[i][j] = a[i] == b[j] ? lcs[i + 1][j + 1] + 1 : max(lcs[i + 1][j], lcs[i][j + 1])
            }
        }
        var result: [String] = []
        var missing: [Int] = [], extra: [String] = []
        // Reports the pending unmatched lines; `consumed` expected lines have been passed so far. A missing
        // line pairs with an unexpected one of the same label (the text before the first ": "); what is left
        // pairs by position when as many lines are missing as came unexpected.
        func flush(_ consumed: Int) {
            func label(_ line: String) -> Substring {
                line.range(of: ": ").map { line[..<$0.lowerBound] } ?? Substring(line)
            }
            var partner: [Int: Int] = [:]
            var taken = Set<Int>()
            for m in missing.indices {
                if let e = extra.indices.first(where: { !taken.contains($0) && label(extra[$0]) == label(a[missing[m]]) }) {
                    partner[m] = e
                    taken.insert(e)
                }
            }
            let loneMissing = missing.indices.filter { partner[$0] == nil }
            let loneExtra = extra.indices.filter { !taken.contains($0) }
            if loneMissing.count == loneExtra.count {
                for (m, e) in zip(loneMissing, loneExtra) { partner[m] = e }
                taken.formUnion(loneExtra)
            }
            for m in missing.indices {
                let index = missing[m]
                if let e = partner[m] {
                    result.append("line \(index + 1): expected \"\(a[index])\", got \"\(extra[e])\"")
                } else {
                    result.append("line \(index + 1): expected \"\(a[index])\", got nothing")
                }
            }
            for e in extra.indices where !taken.contains(e) {
                result.append("after line \(consumed): unexpected \"\(extra[e])\"")
            }
            missing = []
            extra = []
        }
        var i = 0, j = 0
        while i < a.count || j < b.count {
            if i < a.count, j < b.count, a[i] == b[j] {
                flush(i)
                i += 1
                j += 1
            } else if j < b.count, i == a.count || lcs[i][j + 1] >= lcs[i + 1][j] {
                extra.append(b[j])
                j += 1
            } else {
                missing.append(i)
                i += 1
            }
        }
        flush(a.count)
        return result
    }

    /// Creates the program's layout and preopened directories under `root`.
    private static func makeLayout(of program: WASIProgram, in root: URL) throws {
        let fileManager = FileManager.default
        for entry in program.layout ?? [] {
            if let prefix = entry.chain, let count = entry.count, let end = entry.end {
                let base = (prefix as NSString).lastPathComponent
                for i in 1...max(count, 1) {
                    let target = i < count ? "\(base)\(i + 1)" : end
                    try fileManager.createSymbolicLink(atPath: root.appendingPathComponent("\(prefix)\(i)").path,
                                                       withDestinationPath: target)
                }
                continue
            }
            guard let relative = entry.path else { continue }
            let path = root.appendingPathComponent(relative).path
            if entry.dir == true {
                try fileManager.createDirectory(atPath: path, withIntermediateDirectories: true)
            } else if let content = entry.file {
                guard fileManager.createFile(atPath: path, contents: Data(content.utf8)) else {
                    throw WASIProgramError("cannot create \(path)")
                }
            } else if let target = entry.symlink {
                try fileManager.createSymbolicLink(atPath: path,
                                                   withDestinationPath: target.replacingOccurrences(of: "{ROOT}", with: root.path))
            }
        }
        for preopen in program.dirs ?? [] {
            try fileManager.createDirectory(at: root.appendingPathComponent(preopen.host), withIntermediateDirectories: true)
        }
    }

    /// What must stay the same about a path: its type, content or target, size, link count and modification
    /// time, recursively for directories.
    static func snapshot(_ path: String) -> String {
        var info = stat()
        guard lstat(path, &info) == 0 else { return "absent" }
        let mtime = "\(info.st_mtim.tv_sec).\(info.st_mtim.tv_nsec)"
        switch info.st_mode & S_IFMT {
        case S_IFLNK:
            return "link -> \((try? FileManager.default.destinationOfSymbolicLink(atPath: path)) ?? "?")"
        case S_IFDIR:
            let names = ((try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []).sorted()
            let children = names.map { "\($0): \(snapshot(path + "/" + $0))" }
            return "dir mtime \(mtime) {\(children.joined(separator: ", "))}"
        default:
            let data = FileManager.default.contents(atPath: path) ?? Data()
            let text = String(decoding: data, as: UTF8.self)
            return "file \(text.debugDescription) nlink \(info.st_nlink) mtime \(mtime)"
        }
    }

    /// Whether anything (even a dangling symlink) is at `path`.
    private static func lexists(_ path: String) -> Bool {
        var info = stat()
        return lstat(path, &info) == 0
    }

    /// Runs the executable in `workingDirectory` with an empty pipe as standard input; collects standard
    /// output and error.
    private static func runProcess(_ executable: URL, arguments: [String], in workingDirectory: URL,
                                   program: String) throws -> Outcome {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        process.currentDirectoryURL = workingDirectory
        let input = Pipe(), output = Pipe(), errors = Pipe()
        process.standardInput = input
        process.standardOutput = output
        process.standardError = errors
        try process.run()
        try input.fileHandleForWriting.close()
        // Read both pipes to the end on separate threads so that neither fills up and blocks the child.
        let collected = CollectedData()
        let group = DispatchGroup()
        for (index, pipe) in [output, errors].enumerated() {
            group.enter()
            DispatchQueue.global().async {
                let data = pipe.fileHandleForReading.readDataToEndOfFile()
                collected.set(index, data)
                group.leave()
            }
        }
        group.wait()
        process.waitUntilExit()
        let status = process.terminationReason == .uncaughtSignal ? 128 + process.terminationStatus : process.terminationStatus
        return Outcome(program: program, mode: .subprocess, status: status,
                       output: String(decoding: collected.get(0), as: UTF8.self),
                       errors: String(decoding: collected.get(1), as: UTF8.self), hostProblems: [])
    }
}

/// Two buffers filled from two threads.
private final class CollectedData: @unchecked Sendable {
    private let lock = NSLock()
    private var data: [Data] = [Data(), Data()]

    func set(_ index: Int, _ value: Data) {
        lock.lock()
        data[index] = value
        lock.unlock()
    }

    func get(_ index: Int) -> Data {
        lock.lock()
        defer { lock.unlock() }
        return data[index]
    }
}

/// A problem preparing or running a program (not a wrong result).
struct WASIProgramError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
