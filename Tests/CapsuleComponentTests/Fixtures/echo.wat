;; Round trip of a record through the canonical ABI in both directions: the export `roundtrip` passes
;; its flat arguments unchanged to the imported `host-echo` and returns what the host gave back.
;; Rebuild the .wasm with Scripts/build-component-fixtures.sh (wasm-tools parse).
(component
  ;; Types an import or export uses must have names there: each is imported as equal to its definition.
  (type $kind' (variant (case "a") (case "b" u32) (case "c" string)))
  (import "kind" (type $kind (eq $kind')))
  (type $perms' (flags "read" "write" "exec"))
  (import "perms" (type $perms (eq $perms')))
  (type $item' (record
    (field "name" string)
    (field "tags" (list string))
    (field "score" (option f64))
    (field "kind" $kind)
    (field "perms" $perms)))
  (import "item" (type $item (eq $item')))
  (import "host-echo" (func $host_echo (param "v" $item) (result $item)))

  (core module $Libc
    (memory (export "memory") 1)
    (global $heap (mut i32) (i32.const 4096))
    (func (export "realloc") (param i32 i32 i32 i32) (result i32)
      (local $p i32)
      ;; align the bump pointer
      (local.set $p (i32.and (i32.add (global.get $heap) (i32.sub (local.get 2) (i32.const 1)))
                             (i32.sub (i32.const 0) (local.get 2))))
      (global.set $heap (i32.add (local.get $p) (local.get 3)))
      (local.get $p)))
  (core instance $libc (instantiate $Libc))
  (core func $echo_lowered (canon lower (func $host_echo)
    (memory (core memory $libc "memory")) (realloc (core func $libc "realloc"))))

  (core module $Main
    (import "host" "echo" (func $echo (param i32 i32 i32 i32 i32 f64 i32 i32 i32 i32 i32)))
    (func (export "roundtrip") (param i32 i32 i32 i32 i32 f64 i32 i32 i32 i32) (result i32)
      (call $echo (local.get 0) (local.get 1) (local.get 2) (local.get 3) (local.get 4) (local.get 5)
                  (local.get 6) (local.get 7) (local.get 8) (local.get 9) (i32.const 1024))
      (i32.const 1024)))
  (core instance $main (instantiate $Main (with "host" (instance (export "echo" (func $echo_lowered))))))
  (func $roundtrip (param "v" $item) (result $item)
    (canon lift (core func $main "roundtrip")
      (memory (core memory $libc "memory")) (realloc (core func $libc "realloc"))))
  (export "roundtrip" (func $roundtrip))
)
