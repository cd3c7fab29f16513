;; Valid, but its branch hint stands on `i32.eqz`, not on a branch: `capsule validate` warns.
(module
  (func (param i32) (result i32)
    local.get 0
    (@metadata.code.branch_hint "\01")
    i32.eqz))
