;; GC stress test: builds linked lists with cycles and drops them, millions of objects in all,
;; while a small set of objects stays live in a global. `run rounds length` returns a checksum.
(module
  (type $bytes (array (mut i8)))
  (type $node (struct (field $value (mut i32)) (field $next (mut (ref null $node))) (field $payload (ref null $bytes))))
  (global $live (mut (ref null $node)) (ref.null $node))

  (func $list (param $length i32) (result (ref $node))
    (local $head (ref $node)) (local $tail (ref null $node)) (local $i i32)
    (local.set $head (struct.new $node (i32.const 0) (ref.null $node) (ref.null $bytes)))
    (local.set $tail (local.get $head))
    (loop $build
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (local.set $tail
        (struct.new $node (local.get $i) (local.get $tail)
          (if (result (ref null $bytes)) (i32.eqz (i32.and (local.get $i) (i32.const 63)))
            (then (array.new_default $bytes (i32.const 64))) (else (ref.null $bytes)))))
      (br_if $build (i32.lt_u (local.get $i) (local.get $length))))
    ;; Close the cycle: the head points at the last node.
    (struct.set $node $next (local.get $head) (local.get $tail))
    (local.get $head))

  (func $sum (param $head (ref $node)) (param $length i32) (result i32)
    (local $node (ref null $node)) (local $sum i32) (local $i i32)
    (local.set $node (struct.get $node $next (local.get $head)))
    (loop $walk
      (local.set $sum (i32.add (local.get $sum) (struct.get $node $value (local.get $node))))
      (local.set $node (struct.get $node $next (local.get $node)))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br_if $walk (i32.lt_u (local.get $i) (local.get $length))))
    (local.get $sum))

  (func (export "run") (param $rounds i32) (param $length i32) (result i32)
    (local $check i32) (local $head (ref null $node))
    (loop $round
      (local.set $head (call $list (local.get $length)))
      (local.set $check (i32.add (local.get $check) (call $sum (ref.as_non_null (local.get $head)) (local.get $length))))
      ;; Every tenth list stays live until the next tenth replaces it.
      (if (i32.eqz (i32.rem_u (local.get $rounds) (i32.const 10))) (then (global.set $live (local.get $head))))
      (local.set $rounds (i32.sub (local.get $rounds) (i32.const 1)))
      (br_if $round (local.get $rounds)))
    (local.get $check)))
