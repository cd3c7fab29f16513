;; Invalid: the core function takes one i32, the lifted type flattens to (i32 i32).
(component
  (core module $m (func (export "f") (param i32)))
  (core instance $i (instantiate $m))
  (func (param "a" u32) (param "b" u32) (canon lift (core func $i "f"))))
