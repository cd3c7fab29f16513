import CapsuleCore
import CapsuleEngine
import CapsuleText

/// A plugin host: the host calls the guest's exports, and the guest calls back into two Swift
/// host functions, `host.log` (reads a string out of the guest's memory) and `host.square`.
///
/// Run it with `swift run example-plugin-host`; it prints ``expectedOutput``.
public enum PluginHostExample {
    /// The guest plugin, in the WebAssembly text format.
    public static let guest = """
        (module
          (import "host" "log" (func $log (param i32 i32)))
          (import "host" "square" (func $square (param i32) (result i32)))
          (memory (export "memory") 1)
          (data (i32.const 0) "hello from the guest")

          ;; Asks the host to log a string stored in the guest's memory.
          (func (export "greet")
            (call $log (i32.const 0) (i32.const 20)))

          ;; 1*1 + 2*2 + ... + n*n, squaring each term through the host.
          (func (export "sum_of_squares") (param $n i32) (result i32)
            (local $i i32) (local $sum i32)
            (local.set $i (i32.const 1))
            (block $done
              (loop $next
                (br_if $done (i32.gt_u (local.get $i) (local.get $n)))
                (local.set $sum (i32.add (local.get $sum) (call $square (local.get $i))))
                (local.set $i (i32.add (local.get $i) (i32.const 1)))
                (br $next)))
            (local.get $sum)))
        """

    /// What ``run()`` returns.
    public static let expectedOutput = """
        guest says: hello from the guest
        sum_of_squares(4) = 30 (host.square called 4 times)
        sum_of_squares(10) = 385 (host.square called 14 times)

        """

    /// State the host functions share (they are closures called during the guest's execution).
    private final class HostState {
        var lines: [String] = []
        var squareCalls = 0
    }

    /// Loads the guest, links the host functions, calls the exports and returns what the host printed.
    public static func run() throws -> String {
        let module = try WasmModule(bytes: TextFormat.wasm(fromWAT: guest))
        let store = Store()
        let state = HostState()

        var imports = Imports()
        // Typed host functions: the Wasm signatures, (i32, i32) -> () and (i32) -> i32, come from the Swift types.
        let log = Function(store: store) { (caller: Caller, pointer: UInt32, length: UInt32) in
            guard let memory = caller.memory else { throw Trap(kind: .host("host.log needs a memory"), backtrace: []) }
            // Bounds-checked: a pointer outside the guest's memory throws instead of reading host memory.
            let bytes = try memory.read(at: Int(pointer), count: Int(length))
            state.lines.append("guest says: " + String(decoding: bytes, as: UTF8.self))
        }
        let square = Function(store: store) { (_: Caller, x: Int32) -> Int32 in
            state.squareCalls += 1
            return x &* x
        }
        imports.define(module: "host", name: "log", .function(log))
        imports.define(module: "host", name: "square", .function(square))

        let instance = try store.instantiate(module, imports: imports)
        guard let greet = instance.function("greet"), let sum = instance.function("sum_of_squares") else {
            throw ExampleError("the guest does not export greet and sum_of_squares")
        }
        _ = try greet.call()
        // Reactor style: the same instance is called again and again.
        for n: UInt32 in [4, 10] {
            let total = try sum.call(n, returning: UInt32.self)
            state.lines.append("sum_of_squares(\(n)) = \(total) (host.square called \(state.squareCalls) times)")
        }
        return state.lines.map { $0 + "\n" }.joined()
    }
}

/// A failure of an example, with a message for the console.
public struct ExampleError: Error, CustomStringConvertible {
    /// What went wrong.
    public var description: String

    /// An error saying `description`.
    public init(_ description: String) { self.description = description }
}
