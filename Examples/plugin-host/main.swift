import CapsuleExamples
import Foundation

// `swift run example-plugin-host`: see PluginHostExample in Sources/CapsuleExamples for the guest and the host.
do {
    print(try PluginHostExample.run(), terminator: "")
} catch {
    FileHandle.standardError.write(Data("example-plugin-host: \(error)\n".utf8))
    exit(1)
}
