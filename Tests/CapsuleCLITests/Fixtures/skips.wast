(module (func (export "f")))
(assert_fuel 3 (invoke "f"))
(assert_fuel 4 (invoke "f"))
