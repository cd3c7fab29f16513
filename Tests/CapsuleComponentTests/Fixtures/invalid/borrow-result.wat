;; Invalid: a function may not return a borrow.
(component
  (import "r" (type $r (sub resource)))
  (import "f" (func (result (borrow $r)))))
