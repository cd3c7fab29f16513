;; A component that imports a logger interface and exports a greeter interface with a resource.
;; Rebuild the .wasm with Scripts/build-component-fixtures.sh (wasm-tools parse).
(component
  (import "capsule:demo/logger@0.1.0" (instance $logger
    (type $level' (enum "debug" "info" "warning"))
    (export "level" (type $level (eq $level')))
    (export "log" (func (param "level" $level) (param "message" string)))
    (export "sink" (type $sink (sub resource)))
    (export "[constructor]sink" (func (param "name" string) (result (own $sink))))
    (export "[method]sink.write" (func (param "self" (borrow $sink)) (param "bytes" (list u8)) (result (result u32 (error string)))))
    (export "open" (func (param "names" (list string)) (result (option (tuple (own $sink) $level)))))
  ))
  (alias export $logger "log" (func $log))
  (alias export $logger "level" (type $level))

  ;; Memory and allocator, instantiated first so the lowered import can use them.
  (core module $Libc
    (memory (export "memory") 1)
    (global $heap (mut i32) (i32.const 1024))
    (func (export "realloc") (param i32 i32 i32 i32) (result i32)
      (local $p i32)
      (local.set $p (global.get $heap))
      (global.set $heap (i32.add (global.get $heap) (local.get 3)))
      (local.get $p)))
  (core instance $libc (instantiate $Libc))
  (core func $log_lowered (canon lower (func $log) (memory (core memory $libc "memory")) (realloc (core func $libc "realloc"))))

  (core module $Main
    (import "libc" "memory" (memory 1))
    (import "logger" "log" (func $log (param i32 i32 i32)))
    (func (export "greet") (param $ptr i32) (param $len i32) (result i32)
      (call $log (i32.const 1) (local.get $ptr) (local.get $len))
      (i32.store (i32.const 16) (local.get $ptr))
      (i32.store (i32.const 20) (local.get $len))
      (i32.const 16))
    (func (export "counter-drop") (param i32)))
  (core instance $main (instantiate $Main
    (with "libc" (instance $libc))
    (with "logger" (instance (export "log" (func $log_lowered))))))

  (type $counter (resource (rep i32) (dtor (core func $main "counter-drop"))))
  (core func $counter_new (canon resource.new $counter))
  (func $greet (param "name" string) (result string)
    (canon lift (core func $main "greet") (memory (core memory $libc "memory")) (realloc (core func $libc "realloc"))))
  (type $point (record (field "x" s32) (field "y" s32)))

  (instance $greeter
    (export "point" (type $point))
    (export "greet" (func $greet)))
  (export "capsule:demo/greeter@0.1.0" (instance $greeter))
)
