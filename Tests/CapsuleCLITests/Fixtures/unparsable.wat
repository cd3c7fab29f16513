(module
  (func (result i32)
    i32.const))
