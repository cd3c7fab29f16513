import CapsuleExamples
import Foundation

// `swift run example-wasi-memfs`: see WASIMemoryFileSystemExample in Sources/CapsuleExamples for the guest and the host.
do {
    print(try WASIMemoryFileSystemExample.run(), terminator: "")
} catch {
    FileHandle.standardError.write(Data("example-wasi-memfs: \(error)\n".utf8))
    exit(1)
}
