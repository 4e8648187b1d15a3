#!/usr/bin/env python3
"""Lists the longest Rust functions below the given folders (default:
generator and xtask), from the line of `fn` to that of its closing brace,
and counts those over a limit (120 lines, or LIMIT in the environment).

    python3 scripts/function-lengths.py [DIR...]    # TOP=30 for more rows

For the "no function over 120 lines" figure of the generator's internals
(issue 15). Comments, strings and character literals are blanked before
braces are counted; `target` folders are skipped.
"""
import os
import re
import sys

FN = re.compile(r'^\s*(?:pub(?:\([^)]*\))?\s+)?(?:const\s+)?(?:async\s+)?(?:unsafe\s+)?(?:extern\s+"[^"]*"\s+)?fn\s+([A-Za-z_][A-Za-z0-9_]*)')
def strip(text):
    """Text with comments, strings and char literals blanked (newlines kept)."""
    out = []; i = 0; n = len(text)
    while i < n:
        c = text[i]
        if text.startswith('//', i):
            j = text.find('\n', i); j = n if j < 0 else j
            out.append(' ' * (j - i)); i = j; continue
        if text.startswith('/*', i):
            depth = 0; j = i
            while j < n:
                if text.startswith('/*', j): depth += 1; j += 2; continue
                if text.startswith('*/', j):
                    depth -= 1; j += 2
                    if depth == 0: break
                    continue
                j += 1
            out.append(re.sub(r'[^\n]', ' ', text[i:j])); i = j; continue
        m = re.match(r'b?r(#*)"', text[i:i+10]) if c in 'rb' and (i == 0 or not (text[i-1].isalnum() or text[i-1] == '_')) else None
        if m:
            end = '"' + m.group(1)
            j = text.find(end, i + m.end()); j = n if j < 0 else j + len(end)
            out.append(re.sub(r'[^\n]', ' ', text[i:j])); i = j; continue
        if c == '"':
            j = i + 1
            while j < n and text[j] != '"':
                j += 2 if text[j] == '\\' else 1
            j += 1
            out.append(re.sub(r'[^\n]', ' ', text[i:j])); i = j; continue
        if c == "'":
            m = re.match(r"'(\\.[^']*|[^\\'])'", text[i:i+12])
            if m:
                out.append(' ' * m.end()); i += m.end(); continue
        out.append(c); i += 1
    return ''.join(out)

def functions(path):
    text = open(path, encoding='utf-8', errors='replace').read()
    s = strip(text)
    lines = s.split('\n')
    offs = [0]
    for l in lines: offs.append(offs[-1] + len(l) + 1)
    res = []
    for ln, line in enumerate(lines):
        m = FN.match(line)
        if not m: continue
        # find first '{' or ';' after fn start
        k = offs[ln] + m.end(); depth_paren = 0
        while k < len(s):
            ch = s[k]
            if ch in '(<[': depth_paren += 1
            elif ch in ')>]': depth_paren -= 1
            elif ch == ';' and depth_paren <= 0: k = -1; break
            elif ch == '{' and depth_paren <= 0: break
            k += 1
        if k < 0 or k >= len(s): continue
        depth = 0; j = k
        while j < len(s):
            if s[j] == '{': depth += 1
            elif s[j] == '}':
                depth -= 1
                if depth == 0: break
            j += 1
        end_ln = s.count('\n', 0, j)
        res.append((end_ln - ln + 1, f'{path}:{ln+1}', m.group(1)))
    return res


def main():
    roots = sys.argv[1:] or ['generator', 'xtask']
    found = []
    for root in roots:
        for d, dirs, files in os.walk(root):
            dirs[:] = sorted(x for x in dirs if x != 'target')
            for f in sorted(files):
                if f.endswith('.rs'):
                    found += functions(os.path.join(d, f))
    found.sort(key=lambda x: (-x[0], x[1]))
    limit = int(os.environ.get('LIMIT', '120'))
    for n, where, name in found[:int(os.environ.get('TOP', '15'))]:
        print(f'{n:5} {name:30} {where}')
    print(f'over {limit}:', sum(1 for x in found if x[0] > limit), 'of', len(found), 'functions')


if __name__ == '__main__':
    main()
