#!/usr/bin/env python3
"""Checks that every public symbol in Sources/ has a doc comment (DESIGN.md §6.4).

Usage:
    Scripts/check-doc-comments.py

Run from the repository root (CI does). A declaration counts as public when its line starts with
`public` or `open` (after any attributes), when it is a `case` line directly inside a public enum, or
when it is a member declared directly inside a public protocol. `public import` lines are skipped.
A declaration is documented when the nearest line above it that is not an attribute starts with
`///` or ends a block comment (`*/`).

Prints `file:line: declaration` for each undocumented one and exits with status 1, or prints
`N public declarations, all documented` and exits with status 0.
"""
import pathlib
import re
import sys

ATTRIBUTES = r'(?:@\w+(?:\(.*\))?\s+)*'
MODIFIER = r'(?:public|open|internal|fileprivate|private|package|final|indirect|static|class|' \
           r'mutating|nonmutating|override|required|convenience|nonisolated|dynamic|lazy|' \
           r'weak|unowned|borrowing|consuming|(?:private|fileprivate|internal|public)\(set\))'
PUBLIC = re.compile(r'^' + ATTRIBUTES + r'(?:public|open)\s')
PUBLIC_IMPORT = re.compile(r'^' + ATTRIBUTES + r'public\s+import\s')
# A type declaration whose body follows: `public enum`, `public indirect enum`, `public protocol`...
TYPE = re.compile(r'^' + ATTRIBUTES + r'((?:' + MODIFIER + r'\s+)*)(enum|protocol|struct|class|actor|extension)\s')
ENUM_CASE = re.compile(r'^' + ATTRIBUTES + r'(?:indirect\s+)?case\s')
PROTOCOL_MEMBER = re.compile(r'^' + ATTRIBUTES + r'(?:' + MODIFIER + r'\s+)*'
                             r'(?:func|var|let|init|subscript|associatedtype|typealias)\b')


def code_only(line, state):
    """Returns the line with comments and string literal contents removed (braces in them don't
    count). `state` carries an open block comment or multi-line string across lines."""
    out = []
    i = 0
    while i < len(line):
        if state['block']:
            end = line.find('*/', i)
            if end < 0:
                return ''.join(out)
            state['block'] = False
            i = end + 2
        elif state['multiline']:
            end = line.find('"""', i)
            if end < 0:
                return ''.join(out)
            state['multiline'] = False
            i = end + 3
        elif line.startswith('//', i):
            break
        elif line.startswith('/*', i):
            state['block'] = True
            i += 2
        elif line.startswith('"""', i):
            state['multiline'] = True
            i += 3
        elif line[i] == '"':
            i += 1
            depth = 0  # nesting of \( ... ) interpolations
            while i < len(line):
                if line[i] == '\\' and i + 1 < len(line) and line[i + 1] == '(':
                    depth += 1
                    i += 2
                    continue
                if line[i] == '\\':
                    i += 2
                    continue
                if depth and line[i] == ')':
                    depth -= 1
                elif not depth and line[i] == '"':
                    break
                i += 1
            i += 1
            out.append('""')
        else:
            out.append(line[i])
            i += 1
    return ''.join(out)


def documented(lines, i):
    j = i - 1
    while j >= 0 and lines[j].strip().startswith('@'):
        j -= 1
    if j < 0:
        return False
    above = lines[j].strip()
    return above.startswith('///') or above.endswith('*/')


def check(path):
    """Yields (line number, declaration, is documented) for each public declaration in the file."""
    lines = path.read_text().split('\n')
    state = {'block': False, 'multiline': False}
    scopes = []        # one kind per open brace: 'enum', 'protocol' (both public) or 'other'
    pending = None     # kind of the next brace opened, set by a type declaration
    for i, line in enumerate(lines):
        in_comment = state['block'] or state['multiline']
        code = code_only(line, state)
        s = line.strip()
        if not in_comment and s:
            inside = scopes[-1] if scopes else None
            if PUBLIC.match(s) and not PUBLIC_IMPORT.match(s):
                yield i + 1, s, documented(lines, i)
            elif inside == 'enum' and ENUM_CASE.match(s):
                yield i + 1, s, documented(lines, i)
            elif inside == 'protocol' and PROTOCOL_MEMBER.match(s):
                yield i + 1, s, documented(lines, i)
            m = TYPE.match(s)
            if m:
                public = re.search(r'\b(public|open)\b', m.group(1)) is not None
                pending = m.group(2) if public and m.group(2) in ('enum', 'protocol') else 'other'
        for ch in code:
            if ch == '{':
                scopes.append(pending or 'other')
                pending = None
            elif ch == '}':
                if scopes:
                    scopes.pop()
                pending = None


def main():
    total = 0
    missing = []
    for path in sorted(pathlib.Path('Sources').rglob('*.swift')):
        for number, declaration, ok in check(path):
            total += 1
            if not ok:
                missing.append(f'{path}:{number}: {declaration[:100]}')
    if missing:
        print('\n'.join(missing))
        print(f'{len(missing)} of {total} public declarations lack a doc comment (///)', file=sys.stderr)
        return 1
    print(f'{total} public declarations, all documented')
    return 0


if __name__ == '__main__':
    sys.exit(main())
