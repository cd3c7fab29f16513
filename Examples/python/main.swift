import CapsuleExamples
import Foundation

// `swift run -c release example-python DIR [ARGS...]`: CPython for WASI with a Swift host answering
// `_host.call`; see PythonExample in Sources/CapsuleExamples and Examples/python/README.md.
let arguments = Array(CommandLine.arguments.dropFirst())
guard let directory = arguments.first else {
    FileHandle.standardError.write(Data("usage: example-python DIR [ARGS...]  (DIR from Examples/python/setup.sh)\n".utf8))
    exit(2)
}
do {
    exit(try PythonExample.run(directory: directory, arguments: Array(arguments.dropFirst())))
} catch {
    FileHandle.standardError.write(Data("example-python: \(error)\n".utf8))
    exit(1)
}
