import CapsuleExamples
import Foundation

// `swift run example-limits`: see LimitsExample in Sources/CapsuleExamples for the guest and the host.
do {
    print(try LimitsExample.run(), terminator: "")
} catch {
    FileHandle.standardError.write(Data("example-limits: \(error)\n".utf8))
    exit(1)
}
