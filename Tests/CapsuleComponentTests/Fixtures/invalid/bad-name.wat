;; Invalid: import names are kebab case.
(component
  (import "foo_bar" (func)))
