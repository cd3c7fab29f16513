import FuzzDriver
import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// The `main` of every fuzz executable. Linked with libFuzzer (`-sanitize=fuzzer`), it hands the
/// target to `LLVMFuzzerRunDriver`, so all of libFuzzer's flags work; linked without, it runs the
/// target once over each file named on the command line (reproducing a crash, checking a corpus)
/// and prints each path first, so a crash names its input.
public enum FuzzMain {
    typealias Callback = @convention(c) (UnsafePointer<UInt8>?, Int) -> CInt

    nonisolated(unsafe) static var target: (UnsafeRawBufferPointer) -> Void = { _ in }

    static let callback: Callback = { data, count in
        FuzzMain.target(UnsafeRawBufferPointer(start: data, count: data == nil ? 0 : count))
        return 0
    }

    public static func run(_ target: @escaping (UnsafeRawBufferPointer) -> Void) -> Never {
        Self.target = target
        var argc = CommandLine.argc
        var argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = CommandLine.unsafeArgv
        let status = capsule_fuzz_run_driver(&argc, &argv, callback)
        if status != -1 { exit(status) }
        let paths = CommandLine.arguments.dropFirst().filter { !$0.hasPrefix("-") }
        for path in paths {
            print(path)
            fflush(nil)
            guard let bytes = readFile(path) else {
                print("cannot read \(path)")
                exit(1)
            }
            bytes.withUnsafeBytes { target($0) }
        }
        print("ok: \(paths.count) inputs")
        exit(0)
    }

    static func readFile(_ path: String) -> [UInt8]? {
        FileManager.default.contents(atPath: path).map { [UInt8]($0) }
    }
}

/// libFuzzer's own `main` object (linked whole) refers to this symbol; with our `main` it is unused.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzerTestOneInput(_ data: UnsafePointer<UInt8>?, _ count: Int) -> CInt {
    FuzzMain.callback(data, count)
}
