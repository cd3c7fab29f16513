;; Hello, world for WASI preview 1: writes "Hello, Capsule!\n" to standard output.
(module
  (import "wasi_snapshot_preview1" "fd_write"
    (func $fd_write (param i32 i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "proc_exit" (func $proc_exit (param i32)))
  (memory (export "memory") 1)
  ;; An iovec at 0: pointer 16, length 16; the text at 16.
  (data (i32.const 0) "\10\00\00\00\10\00\00\00")
  (data (i32.const 16) "Hello, Capsule!\n")
  (func (export "_start")
    (call $fd_write (i32.const 1) (i32.const 0) (i32.const 1) (i32.const 32))
    (call $proc_exit)))
