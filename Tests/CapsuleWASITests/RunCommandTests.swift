import CapsuleCLI
import Foundation
import Testing

/// `capsule run` for WASI programs: every flag and every exit path, run in process through
/// ``CapsuleCommand/run(arguments:console:)`` with a ``BufferConsole``.
@Suite struct RunCommandTests {
    /// Writes `text` as `name` in a fresh directory and runs `capsule run` with `arguments`, where
    /// `{}` stands for the module's path and `{dir}` for the directory.
    private func run(_ text: String, _ arguments: [String], name: String = "program.wat", setUp: (TemporaryDirectory) throws -> Void = { _ in })
        throws -> (status: Int32, output: String, errors: String, directory: TemporaryDirectory)
    {
        let directory = try TemporaryDirectory("capsule-run")
        try directory.write(text, to: name)
        try setUp(directory)
        let console = BufferConsole()
        let resolved = arguments.map {
            $0.replacingOccurrences(of: "{}", with: directory.at(name)).replacingOccurrences(of: "{dir}", with: directory.path)
        }
        let status = CapsuleCommand.run(arguments: ["run"] + resolved, console: console)
        return (status, console.output, console.errorOutput, directory)
    }

    /// The NUL-separated strings of a dump, split at the `--` line into arguments and environment.
    private func dump(_ output: String) -> (arguments: [String], environment: [String]) {
        let parts = output.components(separatedBy: "\n--\n")
        func strings(_ text: String) -> [String] { text.split(separator: "\0", omittingEmptySubsequences: false).dropLast().map(String.init) }
        return (strings(parts.first ?? ""), strings(parts.count > 1 ? parts[1] : ""))
    }

    @Test func argumentsFollowTheModuleAndArgv0DefaultsToItsPath() throws {
        let result = try run(Programs.argsAndEnvironment, ["{}", "a", "two words", "-v"])
        defer { result.directory.remove() }
        #expect(result.status == 0)
        #expect(dump(result.output).arguments == [result.directory.at("program.wat"), "a", "two words", "-v"])
        #expect(dump(result.output).environment == [])
    }

    /// As with wasmtime, everything after FILE is the guest's, options and `--help` included.
    @Test func optionsAfterTheFileAreTheGuests() throws {
        let result = try run(Programs.argsAndEnvironment, ["{}", "--help", "--env", "X=1", "--dir", ".", "-W", "fuel=1", "--invoke", "f"])
        defer { result.directory.remove() }
        #expect(result.status == 0)
        #expect(dump(result.output).arguments.dropFirst() == ["--help", "--env", "X=1", "--dir", ".", "-W", "fuel=1", "--invoke", "f"])
        #expect(dump(result.output).environment == [])
    }

    @Test func doubleDashPassesOptionsToTheGuest() throws {
        let result = try run(Programs.argsAndEnvironment, ["{}", "--", "--env", "X=1", "--invoke", "f"])
        defer { result.directory.remove() }
        #expect(result.status == 0)
        #expect(dump(result.output).arguments.dropFirst() == ["--env", "X=1", "--invoke", "f"])
        #expect(dump(result.output).environment == [])
    }

    @Test func argv0() throws {
        let result = try run(Programs.argsAndEnvironment, ["--argv0", "tool", "{}", "x"])
        defer { result.directory.remove() }
        #expect(dump(result.output).arguments == ["tool", "x"])
    }

    @Test func environmentIsEmptyUnlessGranted() throws {
        setenv("CAPSULE_RUN_TEST_PASSED", "from host", 1)
        let granted = try run(Programs.argsAndEnvironment, ["--env", "A=1", "--env", "B=x=y", "--env", "CAPSULE_RUN_TEST_PASSED", "--env", "CAPSULE_RUN_TEST_UNSET_VARIABLE", "{}"])
        defer { granted.directory.remove() }
        #expect(dump(granted.output).environment == ["A=1", "B=x=y", "CAPSULE_RUN_TEST_PASSED=from host"])
        for inherit in [["--inherit-env"], ["-S", "inherit-env"], ["-S", "inherit-env=y"]] {
            let inherited = try run(Programs.argsAndEnvironment, inherit + ["--env", "A=2", "{}"])
            defer { inherited.directory.remove() }
            let environment = dump(inherited.output).environment
            #expect(environment.contains("CAPSULE_RUN_TEST_PASSED=from host"), "\(inherit)")
            #expect(environment.contains("A=2"), "\(inherit)")
        }
        let notInherited = try run(Programs.argsAndEnvironment, ["-S", "inherit-env=n", "{}"])
        defer { notInherited.directory.remove() }
        #expect(dump(notInherited.output).environment.isEmpty)
        let none = try run(Programs.argsAndEnvironment, ["{}"])
        defer { none.directory.remove() }
        #expect(!none.output.contains("CAPSULE_RUN_TEST_PASSED"))
    }

    @Test func dirGrantsADirectory() throws {
        let result = try run(Programs.readData, ["--dir", "{dir}/data::/data", "{}"]) { directory in
            try directory.makeDirectory("data")
            try directory.write("hello from data", to: "data/data.txt")
        }
        defer { result.directory.remove() }
        #expect(result.status == 0)
        #expect(result.output == "hello from data")
    }

    /// Preopens are numbered in command-line order across --dir and --ro-dir: descriptor 3 is the first given.
    @Test func preopensKeepTheirCommandLineOrder() throws {
        func layout(_ directory: TemporaryDirectory) throws {
            for name in ["a", "b"] {
                try directory.makeDirectory(name)
                try directory.write("from \(name)", to: "\(name)/data.txt")
            }
        }
        let readOnlyFirst = try run(Programs.readData, ["--ro-dir", "{dir}/a::/a", "--dir", "{dir}/b::/b", "{}"], setUp: layout)
        defer { readOnlyFirst.directory.remove() }
        #expect(readOnlyFirst.output == "from a")
        let writableFirst = try run(Programs.readData, ["--dir", "{dir}/b::/b", "--ro-dir", "{dir}/a::/a", "{}"], setUp: layout)
        defer { writableFirst.directory.remove() }
        #expect(writableFirst.output == "from b")
        // Writing through descriptor 3 when it is the read-only one is refused.
        let refused = try run(Programs.writeData, ["--ro-dir", "{dir}/a", "--dir", "{dir}/out", "{}"]) {
            try $0.makeDirectory("a")
            try $0.makeDirectory("out")
        }
        defer { refused.directory.remove() }
        #expect(refused.status == 63)  // EPERM
        #expect(!refused.directory.exists("out/out.txt"))
    }

    @Test func noDirectoryMeansNoFilesystem() throws {
        let result = try run(Programs.readData, ["{}"])
        defer { result.directory.remove() }
        #expect(result.status == 10 + 8)  // EBADF: there is no descriptor 3
    }

    @Test func dirWithoutGuestNameUsesTheHostPath() throws {
        let result = try run(Programs.writeData, ["--dir", "{dir}/out", "{}"]) { try $0.makeDirectory("out") }
        defer { result.directory.remove() }
        #expect(result.status == 0)
        #expect(result.directory.read("out/out.txt") == "written")
    }

    @Test func readOnlyDirRefusesWrites() throws {
        let result = try run(Programs.writeData, ["--ro-dir", "{dir}/out::/out", "{}"]) { try $0.makeDirectory("out") }
        defer { result.directory.remove() }
        #expect(result.status == 63)  // EPERM
        #expect(!result.directory.exists("out/out.txt"))
        let reading = try run(Programs.readData, ["--ro-dir", "{dir}::/", "{}"]) { try $0.write("ro data", to: "data.txt") }
        defer { reading.directory.remove() }
        #expect(reading.output == "ro data")
    }

    @Test(arguments: [["--tcplisten", "127.0.0.1:0"], ["-S", "tcplisten=127.0.0.1:0"]])
    func tcplistenPreopensAStreamSocket(flags: [String]) throws {
        let result = try run(Programs.descriptorThreeType, flags + ["{}"])
        defer { result.directory.remove() }
        #expect(result.status == 6)
    }

    @Test func exitStatusIsTheGuestsCode() throws {
        let result = try run(Programs.exitSeven, ["{}"])
        defer { result.directory.remove() }
        #expect(result.status == 7)
        #expect(result.output == "bye\n")
        let empty = try run(Programs.empty, ["{}"])
        defer { empty.directory.remove() }
        #expect(empty.status == 0)
    }

    /// As wasmtime: a proc_exit code of 126 or more is refused with status 1, 125 passes through.
    @Test(arguments: [(125, 125), (126, 1), (255, 1), (256, 1), (-1, 1)])
    func exitCodesOutsideTheShellsRangeAreRefused(code: Int32, status: Int32) throws {
        let program = Programs.exitSeven.replacingOccurrences(of: "(i32.const 7)", with: "(i32.const \(code))")
        let result = try run(program, ["{}"])
        defer { result.directory.remove() }
        #expect(result.status == status)
        #expect(result.errors.contains("invalid exit status") == (status != code))
    }

    @Test func trapExits134WithMessageAndBacktrace() throws {
        let result = try run(Programs.trap, ["{}"])
        defer { result.directory.remove() }
        #expect(result.status == 134)
        #expect(result.errors.contains("trap: unreachable"))
        #expect(result.errors.contains("0: explode"))
        #expect(result.errors.contains("1: start"))
    }

    @Test func traceShowsEachCall() throws {
        let result = try run(Programs.exitSeven, ["--trace", "{}"])
        defer { result.directory.remove() }
        #expect(result.status == 7)
        let lines = result.errors.split(separator: "\n").map(String.init)
        #expect(lines.count == 2)
        #expect(lines.first?.hasPrefix("fd_write(fd=1, iovs=[1 buffer(s), 4 bytes: \"bye\\n\"], iovs_len=1, nwritten=0x28) = 0 (SUCCESS)") == true)
        #expect(lines.last == "proc_exit(rval=7) = exit(7)")
    }

    @Test func reactorIsInitialisedBeforeInvoke() throws {
        let result = try run(Programs.reactor, ["--invoke", "get", "{}"])
        defer { result.directory.remove() }
        #expect(result.status == 0)
        #expect(result.output == "42\n")
        let add = try run(Programs.reactor, ["--invoke", "add", "{}", "--", "-1", "3"])
        defer { add.directory.remove() }
        #expect(add.output == "2\n")
        let plain = try run(Programs.reactor, ["{}"])
        defer { plain.directory.remove() }
        #expect(plain.status == 0)
    }

    /// `--exit-with-result`: a reactor's `run` (CPython's) becomes the exit status, printed nowhere.
    @Test func exitWithResultMakesTheResultTheStatus() throws {
        let result = try run(Programs.reactor, ["--exit-with-result", "--invoke", "get", "{}"])
        defer { result.directory.remove() }
        #expect(result.status == 42)
        #expect(result.output.isEmpty)
        let twoResults = try run(#"(module (func (export "two") (result i32 i32) (i32.const 1) (i32.const 2)))"#, ["--exit-with-result", "--invoke", "two", "{}"])
        defer { twoResults.directory.remove() }
        #expect(twoResults.status == 1)
        #expect(twoResults.errors.contains("not one i32"))
        let withoutInvoke = try run(Programs.reactor, ["--exit-with-result", "{}"])
        defer { withoutInvoke.directory.remove() }
        #expect(withoutInvoke.status == 2)
        #expect(withoutInvoke.errors.contains("needs --invoke"))
    }

    @Test("Problems before running are one line and status 1", arguments: [
        ("missing import", Programs.missingImport, ["{}"], "unknown import: env::mystery"),
        ("wrong import type", Programs.wrongSignature, ["{}"], "incompatible import type"),
        ("no such export", Programs.empty, ["--invoke", "nothing", "{}"], "no exported function named"),
        ("wrong argument count", Programs.reactor, ["--invoke", "add", "{}", "1"], "takes 2 argument(s)"),
        ("an option after the file", #"(module (func (export "get") (result i32) (i32.const 1)))"#, ["{}", "--invoke", "get"], "put --invoke and other options before FILE"),
        ("missing --dir directory", Programs.empty, ["--dir", "{dir}/absent", "{}"], "--dir"),
        ("malformed --env", Programs.empty, ["--env", "=x", "{}"], "--env"),
        ("malformed --tcplisten", Programs.empty, ["--tcplisten", "nowhere", "{}"], "--tcplisten"),
    ])
    func problemsAreOneLine(label: String, program: String, arguments: [String], message: String) throws {
        let result = try run(program, arguments)
        defer { result.directory.remove() }
        #expect(result.status == 1, "\(label)")
        #expect(result.errors.hasPrefix("capsule: "), "\(label): \(result.errors)")
        #expect(message.isEmpty || result.errors.contains(message), "\(label): \(result.errors)")
        #expect(result.errors.split(separator: "\n").count == 1, "\(label): \(result.errors)")
    }

    /// Usage errors exit with status 2, as wasmtime's (clap's) do.
    @Test(arguments: [
        ["--no-such-option", "{}"], ["--dir"], ["--fuel", "ten", "{}"], ["-W", "no-such=1", "{}"], ["-S", "tcplisten", "{}"],
        ["--timeout", "soon", "{}"], ["--tier", "jit", "{}"],
    ])
    func usageErrorsExitTwo(arguments: [String]) throws {
        let result = try run(Programs.empty, arguments)
        defer { result.directory.remove() }
        #expect(result.status == 2, "\(arguments)")
        #expect(result.errors.hasPrefix("capsule: "), "\(arguments): \(result.errors)")
        #expect(result.errors.split(separator: "\n").count == 1, "\(arguments): \(result.errors)")
    }

    @Test func unreadableMalformedAndInvalidModules() throws {
        let missing = CapsuleCommand.run(arguments: ["run", "/nonexistent/module.wasm"], console: BufferConsole())
        #expect(missing == 1)
        let malformed = try run("not a module", ["{}"], name: "bad.wasm")
        defer { malformed.directory.remove() }
        #expect(malformed.status == 1)
        #expect(malformed.errors.split(separator: "\n").count == 1)
        let invalid = try run("(module (func (result i32)))", ["{}"])
        defer { invalid.directory.remove() }
        #expect(invalid.status == 1)
        #expect(invalid.errors.split(separator: "\n").count == 1)
    }
}
