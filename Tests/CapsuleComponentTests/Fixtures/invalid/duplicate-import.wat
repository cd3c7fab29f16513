;; Invalid: `a` and `A` are not strongly unique.
(component
  (import "a" (func))
  (import "A" (func)))
