/// Small WASI programs in the text format, for the `capsule run` tests.
enum Programs {
    private static let imports = """
        (import "wasi_snapshot_preview1" "args_sizes_get" (func $args_sizes_get (param i32 i32) (result i32)))
        (import "wasi_snapshot_preview1" "args_get" (func $args_get (param i32 i32) (result i32)))
        (import "wasi_snapshot_preview1" "environ_sizes_get" (func $environ_sizes_get (param i32 i32) (result i32)))
        (import "wasi_snapshot_preview1" "environ_get" (func $environ_get (param i32 i32) (result i32)))
        (import "wasi_snapshot_preview1" "fd_write" (func $fd_write (param i32 i32 i32 i32) (result i32)))
        (import "wasi_snapshot_preview1" "fd_read" (func $fd_read (param i32 i32 i32 i32) (result i32)))
        (import "wasi_snapshot_preview1" "fd_fdstat_get" (func $fd_fdstat_get (param i32 i32) (result i32)))
        (import "wasi_snapshot_preview1" "path_open"
          (func $path_open (param i32 i32 i32 i32 i32 i64 i64 i32 i32) (result i32)))
        (import "wasi_snapshot_preview1" "proc_exit" (func $proc_exit (param i32)))
        (memory (export "memory") 1)
        ;; Writes `size` bytes at `at` to standard output.
        (func $print (param $at i32) (param $size i32)
          (i32.store (i32.const 0x20) (local.get $at))
          (i32.store (i32.const 0x24) (local.get $size))
          (drop (call $fd_write (i32.const 1) (i32.const 0x20) (i32.const 1) (i32.const 0x28))))
        """

    /// Prints the arguments, a line `--`, then the environment, each string ending in NUL.
    static let argsAndEnvironment = """
        (module
          \(imports)
          (data (i32.const 0x30) "\\n--\\n")
          (func (export "_start")
            (drop (call $args_sizes_get (i32.const 0) (i32.const 4)))
            (drop (call $args_get (i32.const 0x100) (i32.const 0x1000)))
            (call $print (i32.const 0x1000) (i32.load (i32.const 4)))
            (call $print (i32.const 0x30) (i32.const 4))
            (drop (call $environ_sizes_get (i32.const 0) (i32.const 4)))
            (drop (call $environ_get (i32.const 0x100) (i32.const 0x1000)))
            (call $print (i32.const 0x1000) (i32.load (i32.const 4)))))
        """

    /// Prints `data.txt` from the preopen at descriptor 3; exits 10 + errno when it cannot open it.
    static let readData = """
        (module
          \(imports)
          (data (i32.const 0x40) "data.txt")
          (func (export "_start") (local $errno i32)
            (local.set $errno (call $path_open (i32.const 3) (i32.const 0) (i32.const 0x40) (i32.const 8)
              (i32.const 0) (i64.const 2) (i64.const 0) (i32.const 0) (i32.const 0x80)))
            (if (local.get $errno) (then (call $proc_exit (i32.add (i32.const 10) (local.get $errno)))))
            (i32.store (i32.const 0x20) (i32.const 0x1000))
            (i32.store (i32.const 0x24) (i32.const 4096))
            (drop (call $fd_read (i32.load (i32.const 0x80)) (i32.const 0x20) (i32.const 1) (i32.const 0x84)))
            (call $print (i32.const 0x1000) (i32.load (i32.const 0x84)))))
        """

    /// Creates `out.txt` in the preopen at descriptor 3 and writes "written"; exits with path_open's errno.
    static let writeData = """
        (module
          \(imports)
          (data (i32.const 0x40) "out.txt")
          (data (i32.const 0x50) "written")
          (func (export "_start") (local $errno i32)
            (local.set $errno (call $path_open (i32.const 3) (i32.const 0) (i32.const 0x40) (i32.const 7)
              (i32.const 9) (i64.const 64) (i64.const 0) (i32.const 0) (i32.const 0x80)))
            (if (local.get $errno) (then (call $proc_exit (local.get $errno))))
            (i32.store (i32.const 0x20) (i32.const 0x50))
            (i32.store (i32.const 0x24) (i32.const 7))
            (drop (call $fd_write (i32.load (i32.const 0x80)) (i32.const 0x20) (i32.const 1) (i32.const 0x28)))))
        """

    /// Exits with the file type of descriptor 3 (6 for a stream socket), or 100 + errno.
    static let descriptorThreeType = """
        (module
          \(imports)
          (func (export "_start") (local $errno i32)
            (local.set $errno (call $fd_fdstat_get (i32.const 3) (i32.const 0x100)))
            (if (local.get $errno) (then (call $proc_exit (i32.add (i32.const 100) (local.get $errno)))))
            (call $proc_exit (i32.load8_u (i32.const 0x100)))))
        """

    /// Exits with status 7 after printing "bye".
    static let exitSeven = """
        (module
          \(imports)
          (data (i32.const 0x40) "bye\\n")
          (func (export "_start")
            (call $print (i32.const 0x40) (i32.const 4))
            (call $proc_exit (i32.const 7))
            (unreachable)))
        """

    /// Traps in a named function called from `_start`.
    static let trap = """
        (module
          (func $explode (unreachable))
          (func $start (export "_start") (call $explode)))
        """

    /// Returns from `_start` without calling anything.
    static let empty = """
        (module (func (export "_start")))
        """

    /// A reactor: `_initialize` sets a global that `get` returns.
    static let reactor = """
        (module
          (global $value (mut i32) (i32.const 0))
          (func (export "_initialize") (global.set $value (i32.const 42)))
          (func (export "get") (result i32) (global.get $value))
          (func (export "add") (param i32 i32) (result i32) (i32.add (local.get 0) (local.get 1))))
        """

    /// Needs an import nobody provides.
    static let missingImport = """
        (module (import "env" "mystery" (func)) (func (export "_start") (call 0)))
        """

    /// Imports a WASI function with the wrong signature.
    static let wrongSignature = """
        (module (import "wasi_snapshot_preview1" "fd_write" (func (param i32))) (func (export "_start")))
        """
}
