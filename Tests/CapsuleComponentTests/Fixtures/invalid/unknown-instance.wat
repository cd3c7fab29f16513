;; Invalid: there is no instance 3.
(component
  (alias export 3 "f" (func)))
