(module
  (import "env" "shared" (memory 1 2))
  (memory $wide i64 3)
  (memory $small 0 1)
  (table $t64 i64 4 funcref)
  (export "wide" (memory $wide)))
