;; Invalid: the module imports "env" "f", no instance is given for "env".
(component
  (core module $m (import "env" "f" (func)))
  (core instance (instantiate $m)))
