;; Functions for `capsule run --invoke` on a component: add(a, b) and swap((n, s)) -> (s, n).
;; Rebuild the .wasm with Scripts/build-component-fixtures.sh (wasm-tools parse).
(component
  (core module $M
    (memory (export "memory") 1)
    (global $heap (mut i32) (i32.const 1024))
    (func (export "realloc") (param i32 i32 i32 i32) (result i32)
      (local $p i32)
      (local.set $p (global.get $heap))
      (global.set $heap (i32.add (global.get $heap) (local.get 3)))
      (local.get $p))
    (func (export "add") (param i32 i32) (result i32) (i32.add (local.get 0) (local.get 1)))
    ;; swap: the tuple<string, u32> result is written at 64: string pointer, length, then the number.
    (func (export "swap") (param $n i32) (param $p i32) (param $l i32) (result i32)
      (i32.store (i32.const 64) (local.get $p))
      (i32.store (i32.const 68) (local.get $l))
      (i32.store (i32.const 72) (local.get $n))
      (i32.const 64)))
  (core instance $m (instantiate $M))
  (func (export "add") (param "a" s32) (param "b" s32) (result s32) (canon lift (core func $m "add")))
  (func (export "swap") (param "t" (tuple u32 string)) (result (tuple string u32))
    (canon lift (core func $m "swap") (memory (core memory $m "memory")) (realloc (core func $m "realloc"))))
)
