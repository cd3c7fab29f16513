;; Line numbers matter: tests check them.
(module $M
  (func (export "add") (param i32 i32) (result i32)
    local.get 0
    local.get 1
    i32.add))
(assert_return (invoke "add" (i32.const 1) (i32.const 2)) (i32.const 3))
(assert_malformed (module quote "(func (result i32) i32.const)") "unexpected token")
(assert_malformed (module binary "\00asm\02\00\00\00") "unknown binary version")
(assert_invalid (module (func (result i32) f32.const 0)) "type mismatch")
(assert_invalid (module (func (result i32) i32.const 0)) "type mismatch")
(module (func (result i32)))
