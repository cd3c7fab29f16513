import CapsuleCore
import Testing

@testable import CapsuleEngine

@Suite struct ExceptionTests {
    @Test func tryTableCatchesAcrossCallsWithThePayload() throws {
        let instance = try Store().instantiate(module("""
            (module
              (tag $e (param i32 f64))
              (func $deep (param i32) (result i32)
                (if (i32.eqz (local.get 0)) (then (throw $e (i32.const 7) (f64.const 2.5))))
                (i32.add (call $deep (i32.sub (local.get 0) (i32.const 1))) (i32.const 1)))
              (func (export "f") (param i32) (result i32 f64)
                (block $h (result i32 f64)
                  (try_table (result i32 f64) (catch $e $h)
                    (call $deep (local.get 0)) (f64.const 0)))))
            """))
        #expect(try instance.function("f")?.call([.i32(100)]) == [.i32(7), .float64(2.5)])
    }

    @Test func catchAllRefAndThrowRefRethrowTheSameException() throws {
        let instance = try Store().instantiate(module("""
            (module
              (tag $e (param i32))
              (func (export "f") (param i32) (result i32)
                (block $outer (result i32)
                  (try_table (result i32) (catch $e $outer)
                    (throw_ref
                      (block $h (result exnref)
                        (try_table (catch_all_ref $h) (throw $e (local.get 0)))
                        (unreachable)))))))
            """))
        #expect(try instance.function("f")?.call([.i32(5)]) == [.i32(5)])
    }

    @Test func throwRefOfNullTraps() throws {
        let instance = try Store().instantiate(module("""
            (module (func (export "f") (throw_ref (ref.null exn))))
            """))
        let trap = try #require(throws: Trap.self) { try instance.function("f")?.call() }
        #expect(trap.kind == .nullExceptionReference)
        #expect(trap.description == "null exception reference")
    }

    @Test func anUncaughtExceptionReachesSwiftWithTagPayloadAndBacktrace() throws {
        let instance = try Store().instantiate(module("""
            (module
              (tag $e (export "oops") (param i64))
              (func $inner (throw $e (i64.const 99)))
              (func $run (export "run") (call $inner)))
            """))
        let exception = try #require(throws: WasmException.self) { try instance.function("run")?.call() }
        #expect(exception.tag == instance.tag("oops"))
        #expect(exception.tag.name == "oops")
        #expect(exception.payload == [.i64(99)])
        #expect(exception.backtrace == ["inner", "run"])
        #expect(exception.description == "uncaught exception oops(i64:99)")
    }

    @Test func aHostFunctionThrowsAnExceptionWasmCatches() throws {
        let store = Store()
        let failure = Tag(store: store, parameters: [.i32])
        let fail = Function(store: store, type: FuncType(params: [.i32], results: [])) { _, arguments in
            throw WasmException(tag: failure, payload: [arguments[0]])
        }
        var imports = Imports()
        imports.define(module: "env", name: "failure", .tag(failure))
        imports.define(module: "env", name: "fail", .function(fail))
        let instance = try store.instantiate(module("""
            (module
              (import "env" "failure" (tag $failure (param i32)))
              (import "env" "fail" (func $fail (param i32)))
              (func (export "f") (param i32) (result i32)
                (block $h (result i32)
                  (try_table (catch $failure $h) (call $fail (local.get 0)))
                  (i32.const -1))))
            """), imports: imports)
        #expect(try instance.function("f")?.call([.i32(12)]) == [.i32(12)])
        // Uncaught, the host's exception reaches the caller with its tag.
        let other = try store.instantiate(module("""
            (module (import "env" "fail" (func $fail (param i32))) (func (export "g") (call $fail (i32.const 3))))
            """), imports: imports)
        let exception = try #require(throws: WasmException.self) { try other.function("g")?.call() }
        #expect(exception.tag == failure)
        #expect(exception.payload == [.i32(3)])
    }

    @Test func anExceptionThrownInsideAHostCallbackUnwindsToTheOuterWasmHandler() throws {
        let store = Store()
        var callback: Function?
        let host = Function(store: store, type: FuncType(params: [], results: [.i32])) { _, _ in
            // Wasm -> host -> Wasm: the inner call throws, nothing in it catches.
            _ = try callback?.call()
            return [.i32(0)]
        }
        var imports = Imports()
        imports.define(module: "env", name: "host", .function(host))
        let instance = try store.instantiate(module("""
            (module
              (import "env" "host" (func $host (result i32)))
              (tag $e (param i32))
              (func (export "thrower") (throw $e (i32.const 77)))
              (func (export "f") (result i32)
                (block $h (result i32)
                  (try_table (result i32) (catch $e $h) (call $host)))))
            """), imports: imports)
        callback = instance.function("thrower")
        #expect(try instance.function("f")?.call() == [.i32(77)])
        #expect(store.executionStack.frameDepth == 0)
    }

    @Test func importedTagsAreTheExportedTagAndInstancesMakeDistinctTags() throws {
        let store = Store()
        let a = try store.instantiate(module("""
            (module (tag $e (export "e")) (func (export "throw") (throw $e)))
            """))
        let b = try store.instantiate(module("""
            (module (tag $e (export "e")) (func (export "throw") (throw $e)))
            """))
        #expect(a.tag("e") != b.tag("e"))
        var imports = Imports()
        imports.define(module: "a", instance: a)
        imports.define(module: "b", instance: b)
        let catcher = try store.instantiate(module("""
            (module
              (import "a" "e" (tag $e))
              (import "a" "throw" (func $throwA))
              (import "b" "throw" (func $throwB))
              (func (export "catchA") (result i32)
                (block $h (try_table (catch $e $h) (call $throwA)) (return (i32.const 0))) (i32.const 1))
              (func (export "catchB") (result i32)
                (block $h (try_table (catch $e $h) (call $throwB)) (return (i32.const 0))) (i32.const 1)))
            """), imports: imports)
        #expect(try catcher.function("catchA")?.call() == [.i32(1)])
        let exception = try #require(throws: WasmException.self) { try catcher.function("catchB")?.call() }
        #expect(exception.tag == b.tag("e"))
    }

    @Test func exceptionsCaughtWithoutAReferenceAreFreed() throws {
        let store = Store()
        let instance = try store.instantiate(module("""
            (module
              (tag $e (param i32))
              (func (export "loop") (param i32) (result i32) (local $sum i32)
                (loop $again
                  (block $h (result i32)
                    (try_table (catch $e $h) (throw $e (local.get 0))) (unreachable))
                  (local.set $sum (i32.add (local.get $sum)))
                  (br_if $again (local.tee 0 (i32.sub (local.get 0) (i32.const 1)))))
                (local.get $sum)))
            """))
        #expect(try instance.function("loop")?.call([.i32(10_000)]) == [.i32(50_005_000)])
        #expect(store.exceptions.count == 1)
    }

    @Test func aTailCalledFunctionsExceptionSkipsTheReplacedFrame() throws {
        let instance = try Store().instantiate(module("""
            (module
              (tag $e)
              (func $throw (throw $e))
              (func $replaced
                (block $h (try_table (catch $e $h) (return_call $throw))))
              (func (export "f") (result i32)
                (block $h (try_table (catch_all $h) (call $replaced)) (return (i32.const 0)))
                (i32.const 1)))
            """))
        #expect(try instance.function("f")?.call() == [.i32(1)])
    }

    @Test func legacyTryCatchRethrowAndDelegate() throws {
        let instance = try Store().instantiate(WasmModule(bytes: Self.legacyModule))
        #expect(try instance.function("catch")?.call([.i32(41)]) == [.i32(42)])
        #expect(try instance.function("rethrow")?.call([.i32(9)]) == [.i32(9)])
        #expect(try instance.function("delegate")?.call() == [.i32(1007)])
    }

    @Test func anExnrefCanGoThroughTheHostAndBeRethrown() throws {
        let instance = try Store().instantiate(module("""
            (module
              (tag $e (export "e") (param i32))
              (func (export "catch") (param i32) (result exnref)
                (block $h (result exnref)
                  (try_table (catch_all_ref $h) (throw $e (local.get 0)))
                  (unreachable)))
              (func (export "rethrow") (param exnref) (throw_ref (local.get 0))))
            """))
        let caught = try #require(try instance.function("catch")?.call([.i32(31)]).first)
        guard case .exnref(let reference?) = caught else {
            Issue.record("expected a non-null exnref, got \(caught)")
            return
        }
        let exception = try #require(throws: WasmException.self) { try instance.function("rethrow")?.call([.exnref(reference)]) }
        #expect(exception.payload == [.i32(31)])
        #expect(exception.tag == instance.tag("e"))
    }

    @Test func aHostExceptionWithTheWrongPayloadTraps() throws {
        let store = Store()
        let tag = Tag(store: store, parameters: [.i64])
        let fail = Function(store: store, type: FuncType(params: [], results: [])) { _, _ in
            throw WasmException(tag: tag, payload: [.i32(1)])
        }
        var imports = Imports()
        imports.define(module: "env", name: "fail", .function(fail))
        let instance = try store.instantiate(module("""
            (module (import "env" "fail" (func $fail)) (func (export "f") (call $fail)))
            """), imports: imports)
        let trap = try #require(throws: Trap.self) { try instance.function("f")?.call() }
        #expect(trap.description.contains("payload does not match"))
    }

    @Test func tagNamesComeFromTheNameSectionWhenNotExported() throws {
        let store = Store()
        let wasm = try WasmModule(bytes: Self.legacyModule)
        #expect(wasm.module.names.tagNames == [0: "e", 1: "other"])
        let instance = try store.instantiate(wasm)
        #expect(store.name(of: instance.record.pointee.tags[1]) == "other")
        #expect(Tag(store: store, parameters: []).name == "tag")
    }

    /// `wasm-tools parse` of this module (WasmKit's WAT cannot read legacy `try`):
    ///
    ///     (module
    ///       (tag $e (param i32))
    ///       (tag $other)
    ///       (func $thrower (param i32) (throw $e (local.get 0)))
    ///       ;; catch: the payload plus one; catch_all: -1
    ///       (func (export "catch") (param i32) (result i32)
    ///         try (result i32)
    ///           local.get 0
    ///           call $thrower
    ///           i32.const 0
    ///         catch $e
    ///           i32.const 1
    ///           i32.add
    ///         catch_all
    ///           i32.const -1
    ///         end)
    ///       ;; rethrow from an inner catch_all reaches the outer catch
    ///       (func (export "rethrow") (param i32) (result i32)
    ///         try (result i32)
    ///           try
    ///             local.get 0
    ///             call $thrower
    ///           catch_all
    ///             rethrow 0
    ///           end
    ///           i32.const 0
    ///         catch $e
    ///         end)
    ///       ;; delegate skips the middle try's catch_all
    ///       (func (export "delegate") (result i32)
    ///         block $outer (result i32)
    ///           try $t (result i32)
    ///             try (result i32)
    ///               try (result i32)
    ///                 i32.const 7
    ///                 call $thrower
    ///                 i32.const 0
    ///               delegate $t
    ///             catch_all
    ///               i32.const 100
    ///             end
    ///           catch $e
    ///             i32.const 1000
    ///             i32.add
    ///           end
    ///         end))
    static let legacyModule: [UInt8] = [
        0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, 0x01, 0x11, 0x04, 0x60, 0x01, 0x7f, 0x00, 0x60,
        0x00, 0x00, 0x60, 0x01, 0x7f, 0x01, 0x7f, 0x60, 0x00, 0x01, 0x7f, 0x03, 0x05, 0x04, 0x00, 0x02,
        0x02, 0x03, 0x0d, 0x05, 0x02, 0x00, 0x00, 0x00, 0x01, 0x07, 0x1e, 0x03, 0x05, 0x63, 0x61, 0x74,
        0x63, 0x68, 0x00, 0x01, 0x07, 0x72, 0x65, 0x74, 0x68, 0x72, 0x6f, 0x77, 0x00, 0x02, 0x08, 0x64,
        0x65, 0x6c, 0x65, 0x67, 0x61, 0x74, 0x65, 0x00, 0x03, 0x0a, 0x50, 0x04, 0x06, 0x00, 0x20, 0x00,
        0x08, 0x00, 0x0b, 0x13, 0x00, 0x06, 0x7f, 0x20, 0x00, 0x10, 0x00, 0x41, 0x00, 0x07, 0x00, 0x41,
        0x01, 0x6a, 0x19, 0x41, 0x7f, 0x0b, 0x0b, 0x13, 0x00, 0x06, 0x7f, 0x06, 0x40, 0x20, 0x00, 0x10,
        0x00, 0x19, 0x09, 0x00, 0x0b, 0x41, 0x00, 0x07, 0x00, 0x0b, 0x0b, 0x1f, 0x00, 0x02, 0x7f, 0x06,
        0x7f, 0x06, 0x7f, 0x06, 0x7f, 0x41, 0x07, 0x10, 0x00, 0x41, 0x00, 0x18, 0x01, 0x19, 0x41, 0xe4,
        0x00, 0x0b, 0x07, 0x00, 0x41, 0xe8, 0x07, 0x6a, 0x0b, 0x0b, 0x0b, 0x00, 0x2d, 0x04, 0x6e, 0x61,
        0x6d, 0x65, 0x01, 0x0a, 0x01, 0x00, 0x07, 0x74, 0x68, 0x72, 0x6f, 0x77, 0x65, 0x72, 0x03, 0x0d,
        0x01, 0x03, 0x02, 0x00, 0x05, 0x6f, 0x75, 0x74, 0x65, 0x72, 0x01, 0x01, 0x74, 0x0b, 0x0b, 0x02,
        0x00, 0x01, 0x65, 0x01, 0x05, 0x6f, 0x74, 0x68, 0x65, 0x72,
    ]
}
