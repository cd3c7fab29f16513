import CapsuleExamples
import Foundation
import Testing

/// The four programs in `Examples/`: each one's logic (in `CapsuleExamples`) returns exactly the
/// documented text that `swift run example-…` prints.
@Suite struct ExampleTests {
    @Test func pluginHost() throws {
        let output = try PluginHostExample.run()
        #expect(output == PluginHostExample.expectedOutput)
        #expect(output.contains("sum_of_squares(4) = 30"))
    }

    @Test func pluginHostCanRunTwice() throws {
        #expect(try PluginHostExample.run() == PluginHostExample.run())
    }

    @Test func wasiOverAnInMemoryFileSystem() throws {
        let output = try WASIMemoryFileSystemExample.run()
        #expect(output == WASIMemoryFileSystemExample.expectedOutput)
        #expect(output.contains("HELLO FROM AN IN-MEMORY FILE"))
    }

    @Test func limits() throws {
        let start = Date()
        let output = try LimitsExample.run()
        #expect(output == LimitsExample.expectedOutput)
        #expect(Date().timeIntervalSince(start) < 5)
    }

    @Test func snapshot() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("capsule-example-\(UUID().uuidString).snapshot").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        #expect(try SnapshotExample.run(snapshotPath: path) == SnapshotExample.expectedOutput)
    }
}
