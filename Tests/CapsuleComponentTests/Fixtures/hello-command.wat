;; A wasi:cli/command component written by hand: prints "hello" and then each argument on its own line
;; through wasi:cli/stdout and wasi:io/streams; with more than two arguments it calls wasi:cli/exit with
;; an error (status 1). Rebuild the .wasm with Scripts/build-component-fixtures.sh (wasm-tools parse).
(component $root
  (import "wasi:io/error@0.2.0" (instance $error_instance
    (export "error" (type (sub resource)))))
  (alias export $error_instance "error" (type $error))
  (import "wasi:io/streams@0.2.0" (instance $streams
    (alias outer $root $error (type $error))
    (export "error" (type $error' (eq $error)))
    (type $stream-error (variant (case "last-operation-failed" (own $error')) (case "closed")))
    (export "stream-error" (type $stream-error' (eq $stream-error)))
    (export "output-stream" (type $output-stream (sub resource)))
    (export "[method]output-stream.blocking-write-and-flush"
      (func (param "self" (borrow $output-stream)) (param "contents" (list u8)) (result (result (error $stream-error')))))))
  (alias export $streams "output-stream" (type $output-stream))
  (import "wasi:cli/stdout@0.2.0" (instance $stdout
    (alias outer $root $output-stream (type $output-stream))
    (export "output-stream" (type $output-stream' (eq $output-stream)))
    (export "get-stdout" (func (result (own $output-stream'))))))
  (import "wasi:cli/environment@0.2.0" (instance $environment
    (export "get-arguments" (func (result (list string))))))
  (import "wasi:cli/exit@0.2.0" (instance $exit
    (export "exit" (func (param "status" (result))))))

  (core module $Libc
    (memory (export "memory") 1)
    (global $heap (mut i32) (i32.const 4096))
    (func (export "realloc") (param i32 i32 i32 i32) (result i32)
      (local $p i32)
      (local.set $p (i32.and (i32.add (global.get $heap) (i32.sub (local.get 2) (i32.const 1)))
                             (i32.sub (i32.const 0) (local.get 2))))
      (global.set $heap (i32.add (local.get $p) (local.get 3)))
      (local.get $p)))
  (core instance $libc (instantiate $Libc))
  (alias export $streams "[method]output-stream.blocking-write-and-flush" (func $write))
  (alias export $stdout "get-stdout" (func $get-stdout))
  (alias export $environment "get-arguments" (func $get-arguments))
  (alias export $exit "exit" (func $exit))
  (core func $write' (canon lower (func $write) (memory (core memory $libc "memory"))))
  (core func $get-stdout' (canon lower (func $get-stdout)))
  (core func $get-arguments' (canon lower (func $get-arguments) (memory (core memory $libc "memory")) (realloc (core func $libc "realloc"))))
  (core func $exit' (canon lower (func $exit)))

  (core module $Main
    (import "libc" "memory" (memory 1))
    (import "wasi" "write" (func $write (param i32 i32 i32 i32)))
    (import "wasi" "get-stdout" (func $get-stdout (result i32)))
    (import "wasi" "get-arguments" (func $get-arguments (param i32)))
    (import "wasi" "exit" (func $exit (param i32)))
    (data (i32.const 100) "hello\n")
    (func (export "run") (result i32)
      (local $out i32) (local $argv i32) (local $argc i32) (local $i i32) (local $s i32)
      (local.set $out (call $get-stdout))
      (call $write (local.get $out) (i32.const 100) (i32.const 6) (i32.const 200))
      (call $get-arguments (i32.const 208))
      (local.set $argv (i32.load (i32.const 208)))
      (local.set $argc (i32.load (i32.const 212)))
      ;; argv[0] is the program's name: print the arguments after it.
      (local.set $i (i32.const 1))
      (block $done
        (loop $next
          (br_if $done (i32.ge_u (local.get $i) (local.get $argc)))
          (local.set $s (i32.add (local.get $argv) (i32.mul (local.get $i) (i32.const 8))))
          (call $write (local.get $out) (i32.load (local.get $s)) (i32.load offset=4 (local.get $s)) (i32.const 200))
          (call $write (local.get $out) (i32.const 105) (i32.const 1) (i32.const 200))
          (local.set $i (i32.add (local.get $i) (i32.const 1)))
          (br $next)))
      (if (i32.gt_u (local.get $argc) (i32.const 3)) (then (call $exit (i32.const 1))))
      (i32.const 0)))
  (core instance $main (instantiate $Main
    (with "libc" (instance $libc))
    (with "wasi" (instance
      (export "write" (func $write')) (export "get-stdout" (func $get-stdout'))
      (export "get-arguments" (func $get-arguments')) (export "exit" (func $exit'))))))
  (func $run (result (result)) (canon lift (core func $main "run")))
  (instance $run-instance (export "run" (func $run)))
  (export "wasi:cli/run@0.2.0" (instance $run-instance))
)
