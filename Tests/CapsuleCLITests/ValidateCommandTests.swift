import CapsuleCLI
import Testing

/// Runs the command line in process and returns what it printed.
func capsule(_ arguments: String...) -> (status: Int32, output: String, errors: String) {
    let console = BufferConsole()
    let status = CapsuleCommand.run(arguments: arguments, console: console)
    return (status, console.output, console.errorOutput)
}

@Suite struct ValidateCommandTests {
    @Test func acceptsValidBinaryAndTextModules() {
        let result = capsule("validate", Fixtures.path("valid.wasm"), Fixtures.path("valid.wat"))
        #expect(result.status == 0)
        #expect(result.errors.isEmpty)
    }

    @Test func rejectsMalformedBinaryWithOffset() {
        let path = Fixtures.path("malformed.wasm")
        let result = capsule("validate", path)
        #expect(result.status == 1)
        #expect(result.errors.hasPrefix("\(path): offset "))
        #expect(result.errors.split(separator: "\n").count == 1)
    }

    @Test func rejectsInvalidBinaryWithOffset() {
        let path = Fixtures.path("invalid.wasm")
        let result = capsule("validate", path)
        #expect(result.status == 1)
        #expect(result.errors.hasPrefix("\(path): offset "))
        #expect(result.errors.contains("type mismatch"))
    }

    @Test func rejectsInvalidTextModule() {
        let result = capsule("validate", Fixtures.path("invalid.wat"))
        #expect(result.status == 1)
        #expect(result.errors.contains("type mismatch"))
    }

    @Test func reportsTextParseErrorsWithLineAndColumn() {
        let path = Fixtures.path("unparsable.wat")
        let result = capsule("validate", path)
        #expect(result.status == 1)
        // `i32.const` without its operand, on line 3.
        #expect(result.errors.hasPrefix("\(path): 3:"))
    }

    @Test func reportsEveryBadFileAndStillChecksTheRest() {
        let result = capsule("validate", Fixtures.path("malformed.wasm"), Fixtures.path("valid.wasm"), Fixtures.path("invalid.wasm"))
        #expect(result.status == 1)
        #expect(result.errors.split(separator: "\n").count == 2)
    }

    @Test func warnsOfACustomSectionThatDoesNotFitTheModule() {
        let path = Fixtures.path("bad-branch-hint.wat")
        let result = capsule("validate", path)
        #expect(result.status == 0)
        #expect(result.errors.hasPrefix("\(path): warning: offset "))
        #expect(result.errors.contains("custom section metadata.code.branch_hint: invalid"))
    }

    @Test func missingFileIsOneLineError() {
        let result = capsule("validate", "/nonexistent/module.wasm")
        #expect(result.status == 1)
        #expect(result.errors == "/nonexistent/module.wasm: no such file\n")
    }
}

@Suite struct CommandLineTests {
    @Test func printsVersion() {
        let result = capsule("--version")
        #expect(result.status == 0)
        #expect(result.output == "0.1.0\n")
    }

    @Test func helpListsSubcommandsAndExamples() {
        let result = capsule("--help")
        #expect(result.status == 0)
        for word in ["validate", "inspect", "wast", "Examples:"] {
            #expect(result.output.contains(word))
        }
    }

    @Test(arguments: [["--no-such-flag"], ["validate"], ["inspect", "a.wasm", "--jsn"], ["frobnicate"], ["run"]])
    func usageErrorsExitTwoWithOneLine(arguments: [String]) {
        let console = BufferConsole()
        let status = CapsuleCommand.run(arguments: arguments, console: console)
        #expect(status == 2)
        #expect(console.errorOutput.hasPrefix("capsule: "))
        #expect(console.errorOutput.split(separator: "\n").count == 1)
    }
}
