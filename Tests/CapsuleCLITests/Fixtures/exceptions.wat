(module
  (import "env" "ext" (tag $ext (param i32)))
  (tag $mine (export "mine") (param i64 f32))
  (tag $anonymous)
  (func $thrower (throw $mine (i64.const 5) (f32.const 1.5)))
  (func (export "main") (call $thrower)))
