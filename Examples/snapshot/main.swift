import CapsuleExamples
import Foundation

// `swift run example-snapshot`: see SnapshotExample in Sources/CapsuleExamples for the plugin and the host.
// `swift run -c release example-snapshot --measure PAGES STRIDE FILE`: times a snapshot of that size;
// `--measure-checkpoint PAGES STRIDE FILE` a checkpoint of a run paused with that much memory, and its resumption.
let arguments = Array(CommandLine.arguments.dropFirst())
do {
    if arguments.first == "--measure", arguments.count == 4, let pages = Int(arguments[1]), let stride = Int(arguments[2]), pages > 0, stride > 0 {
        print(try SnapshotExample.measure(pages: pages, stride: stride, path: arguments[3]), terminator: "")
    } else if arguments.first == "--measure-checkpoint", arguments.count == 4, let pages = Int(arguments[1]), let stride = Int(arguments[2]), pages > 0, stride > 0 {
        print(try SnapshotExample.measureCheckpoint(pages: pages, stride: stride, path: arguments[3]), terminator: "")
    } else if arguments.isEmpty {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("capsule-example-\(UUID().uuidString).snapshot").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        print(try SnapshotExample.run(snapshotPath: path), terminator: "")
    } else {
        FileHandle.standardError.write(Data("usage: example-snapshot [--measure PAGES STRIDE FILE | --measure-checkpoint PAGES STRIDE FILE]\n".utf8))
        exit(2)
    }
} catch {
    FileHandle.standardError.write(Data("example-snapshot: \(error)\n".utf8))
    exit(1)
}
