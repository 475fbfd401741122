#!/usr/bin/env python3
"""package-access: turns `public` into `package` in Sources/ where nothing outside this package needs it.

STYLE §1 asks for `internal` by default, `package` across our modules and `public` only for what the nested
packages Fuzz/ and Benchmarks/ use (they link the JourneyCore product by path and see `public` alone). This
script rewrites every `public` declaration modifier under Sources/ (all modules, the executables too) to
`package`, except: (1) declarations named in the keep-list (default package-access-keep.txt, else
sweep-keep.txt, next to this script), keyed by type and member name, never by file or line, so entries
survive code moving between files and modules: `Type`, `Type.member` (all overloads; `Type.init`,
`Type.subscript`, operators by symbol), `Outer.Inner.member`, a bare name for a top-level declaration,
`Type.*` for a type and every member, `#` for comments; (2) every `@inlinable`, `@_alwaysEmitIntoClient`,
`@usableFromInline` or `@frozen` declaration: Swift 6.3 inlines `@inlinable public` into other modules but
not `@inlinable package`; (3) to a fixed point, the types (and enclosing types) owning a kept declaration
and the types named in a kept declaration's signature or in a kept enum's cases; (4) `public import`
lines. What inlinable bodies and default arguments reference, witnesses of public protocols, what Fuzz/
and Benchmarks/ use, and small members on the per-event path called across modules (release builds'
default cross-module optimization inlines public bodies, not package ones) go in the keep-list; the
compiler names the first three, comparing call sites in release binaries (objdump) the last. Re-run from
the repository root after moving, adding or renaming declarations (`python3 contrib/package-access.py`;
`--check` lists what would change and exits 1 if anything would, `--list` prints every public
declaration's key and verdict, `--dry-run` the counts). Idempotent; it only turns `public` into
`package`, never back: a keep-list entry added later needs its `public` restored by hand.
"""
import argparse
import os
import re
import sys

INLINE_ATTRS = {"@inlinable", "@_alwaysEmitIntoClient", "@usableFromInline", "@frozen"}
TYPE_KEYWORDS = {"struct", "enum", "class", "actor", "protocol", "extension"}
DECL_KEYWORDS = TYPE_KEYWORDS | {"func", "var", "let", "init", "subscript", "typealias", "case", "deinit",
                                 "associatedtype", "macro"}
MODIFIERS = {"final", "static", "class", "nonisolated", "override", "mutating", "nonmutating", "dynamic",
             "indirect", "convenience", "required", "lazy", "weak", "unowned", "consuming", "borrowing",
             "isolated", "optional", "prefix", "postfix", "infix", "distributed", "private", "fileprivate",
             "internal", "package", "public", "open"}


class Token:
    __slots__ = ("kind", "text", "start", "end")

    def __init__(self, kind, text, start, end):
        self.kind, self.text, self.start, self.end = kind, text, start, end

    def __repr__(self):
        return f"{self.kind}:{self.text!r}"


IDENT = re.compile(r"[A-Za-z_][A-Za-z0-9_]*|`[^`]+`")
ATTR = re.compile(r"@[A-Za-z_][A-Za-z0-9_]*")
NUMBER = re.compile(r"[0-9][0-9A-Za-z_.]*")
OPERATOR = re.compile(r"[/=\-+!*%<>&|^~?.]+")


def lex(src):
    """Code tokens of a Swift file: identifiers, attributes, punctuation; comments and string literals are
    skipped (their interpolations are lexed as code)."""
    tokens = []
    i, n = 0, len(src)
    # Stack of string contexts we are inside an interpolation of: (delimiter, pounds, paren depth).
    interp = []
    paren = 0

    def skip_string(i, pounds, multiline):
        """i is just after the opening quote(s); returns the index after the closing delimiter, lexing
        interpolations recursively."""
        close = ('"""' if multiline else '"') + "#" * pounds
        esc = "\\" + "#" * pounds
        while i < n:
            if src.startswith(close, i):
                return i + len(close)
            if src.startswith(esc, i):
                j = i + len(esc)
                if j < n and src[j] == "(":
                    # Interpolation: lex code until the matching ')'.
                    i = lex_code(j + 1, stop_at_close_paren=True)
                    continue
                i = j + 1
                continue
            if not multiline and src[i] == "\n":
                return i  # unterminated; give up on this literal
            i += 1
        return i

    def lex_code(i, stop_at_close_paren=False):
        depth = 0
        while i < n:
            c = src[i]
            if c in " \t\r\n":
                i += 1
            elif src.startswith("//", i):
                j = src.find("\n", i)
                i = n if j < 0 else j
            elif src.startswith("/*", i):
                level, i = 1, i + 2
                while i < n and level:
                    if src.startswith("/*", i):
                        level, i = level + 1, i + 2
                    elif src.startswith("*/", i):
                        level, i = level - 1, i + 2
                    else:
                        i += 1
            elif c == "#" or c == '"':
                m = re.match(r'(#*)("""|")', src[i:i + 64])
                if m:
                    pounds = len(m.group(1))
                    i = skip_string(i + m.end(), pounds, m.group(2) == '"""')
                    tokens.append(Token("string", "", i, i))
                else:
                    m = re.match(r"#[A-Za-z_][A-Za-z0-9_]*", src[i:])
                    text = m.group(0) if m else "#"
                    tokens.append(Token("pound", text, i, i + len(text)))
                    i += len(text)
            elif c == "@":
                m = ATTR.match(src, i)
                text = m.group(0) if m else "@"
                tokens.append(Token("attr", text, i, i + len(text)))
                i += len(text)
            elif c.isalpha() or c == "_" or c == "`":
                m = IDENT.match(src, i)
                tokens.append(Token("ident", m.group(0), i, m.end()))
                i = m.end()
            elif c.isdigit():
                m = NUMBER.match(src, i)
                i = m.end()
                tokens.append(Token("number", m.group(0), m.start(), i))
            elif c in "{}()[];,:":
                if stop_at_close_paren:
                    if c == "(":
                        depth += 1
                    elif c == ")":
                        if depth == 0:
                            return i + 1
                        depth -= 1
                tokens.append(Token("punct", c, i, i + 1))
                i += 1
            else:
                m = OPERATOR.match(src, i)
                if m:
                    tokens.append(Token("op", m.group(0), i, m.end()))
                    i = m.end()
                else:
                    tokens.append(Token("punct", c, i, i + 1))
                    i += 1
        return i

    lex_code(0)
    return tokens


class Decl:
    """One `public` modifier: where it is, the key of what it declares, whether it is inlinable."""

    def __init__(self, path, token, scope, keyword, name, inline):
        self.path, self.token, self.scope, self.keyword, self.name, self.inline = \
            path, token, scope, keyword, name, inline

    @property
    def key(self):
        if self.keyword in TYPE_KEYWORDS:
            return ".".join(self.scope + [self.name])
        return ".".join(self.scope + [self.name]) if self.scope else self.name

    @property
    def owner(self):
        """The type this declaration belongs to (for a type: itself)."""
        if self.keyword in TYPE_KEYWORDS:
            return ".".join(self.scope + [self.name])
        return ".".join(self.scope)


def type_name_after(tokens, k):
    """The (possibly dotted) type name starting at tokens[k], generic arguments dropped."""
    parts = []
    while k < len(tokens) and tokens[k].kind == "ident":
        parts.append(tokens[k].text.strip("`"))
        if k + 2 < len(tokens) and tokens[k + 1].text == "." and tokens[k + 2].kind == "ident":
            k += 2
        else:
            break
    return ".".join(parts)


def header_text(src, start):
    """A declaration's signature: from `start` to its body's `{`, its `=`, or the end of its line
    (outside parentheses and brackets)."""
    depth, i, n = 0, start, len(src)
    while i < n:
        c = src[i]
        if c in "([":
            depth += 1
        elif c in ")]":
            depth -= 1
        elif depth == 0 and (c == "{" or c == "\n" or (c == "=" and src[i + 1:i + 2] != "=" and src[i - 1] not in "=!<>")):
            break
        elif src.startswith("//", i):
            j = src.find("\n", i)
            i = n if j < 0 else j
            continue
        i += 1
    return src[start:i]


def scan(path, src):
    """Every `public` declaration modifier of one file, with the type scope it is in, and the enum case
    lines of every type scope (`(scope key, text)`)."""
    tokens = lex(src)
    decls = []
    cases = []
    # Scope stack: a type name (list of components) or None for a brace that is not a type body.
    stack = []
    pending_type = None  # name of a type whose body '{' comes next
    k = 0
    while k < len(tokens):
        t = tokens[k]
        if t.kind == "ident" and t.text in TYPE_KEYWORDS and (k == 0 or tokens[k - 1].text != "."):
            # `class func`/`class var` is a modifier, not a type.
            nxt = tokens[k + 1] if k + 1 < len(tokens) else None
            if nxt is not None and nxt.kind == "ident" and nxt.text not in DECL_KEYWORDS - TYPE_KEYWORDS:
                pending_type = type_name_after(tokens, k + 1)
        elif t.text == "{" and t.kind == "punct":
            if pending_type is not None:
                stack.append(pending_type)
                pending_type = None
            else:
                stack.append(None)
        elif t.text == "}" and t.kind == "punct":
            if stack:
                stack.pop()
        elif t.kind == "ident" and t.text in ("func", "var", "let", "init", "subscript"):
            pending_type = None
        if t.kind == "ident" and t.text == "case" and stack and stack[-1] is not None:
            cases.append((".".join(x for s in stack for x in s.split(".")), header_text(src, t.start)))
        if t.kind == "ident" and t.text == "public":
            # `public import`, `public(set)`-style uses are not declarations we rewrite.
            nxt = tokens[k + 1] if k + 1 < len(tokens) else None
            if nxt is not None and nxt.text == "import":
                k += 1
                continue
            if any(s is None for s in stack):
                k += 1
                continue  # inside a function body: a local declaration cannot be public anyway
            scope = []
            for s in stack:
                scope.extend(s.split("."))
            # Attributes and modifiers before and after `public`.
            attrs = set()
            j = k - 1
            while j >= 0:
                tj = tokens[j]
                if tj.kind == "attr":
                    attrs.add(tj.text)
                    j -= 1
                elif tj.kind == "ident" and tj.text in MODIFIERS:
                    j -= 1
                elif tj.text == ")":
                    # An attribute's argument list, e.g. @available(...), or private(set).
                    depth, j = 1, j - 1
                    while j >= 0 and depth:
                        if tokens[j].text == ")":
                            depth += 1
                        elif tokens[j].text == "(":
                            depth -= 1
                        j -= 1
                else:
                    break
            j = k + 1
            keyword = name = None
            while j < len(tokens):
                tj = tokens[j]
                if tj.kind == "attr":
                    attrs.add(tj.text)
                    j += 1
                elif tj.text == "(":
                    depth, j = 1, j + 1
                    while j < len(tokens) and depth:
                        if tokens[j].text == "(":
                            depth += 1
                        elif tokens[j].text == ")":
                            depth -= 1
                        j += 1
                elif tj.kind == "ident" and tj.text in DECL_KEYWORDS:
                    keyword = tj.text
                    if keyword in ("init", "subscript", "deinit"):
                        name = keyword
                    elif j + 1 < len(tokens):
                        nt = tokens[j + 1]
                        if keyword in TYPE_KEYWORDS:
                            name = type_name_after(tokens, j + 1)
                        elif nt.kind in ("ident", "op"):
                            name = nt.text.strip("`")
                        elif nt.text == "(":  # `let (a, b) = …`
                            name = "(tuple)"
                    break
                elif tj.kind == "ident" and tj.text in MODIFIERS:
                    j += 1
                else:
                    break
            if keyword is None:
                sys.exit(f"{path}:{src.count(chr(10), 0, t.start) + 1}: cannot tell what this `public` declares")
            d = Decl(path, t, scope, keyword, name, bool(attrs & INLINE_ATTRS))
            d.header = header_text(src, t.start)
            decls.append(d)
        k += 1
    return decls, tokens, cases


REASONS = ["keep-list", "inlinable", "owner of a kept member", "in a kept signature"]
TYPE_DECLS = {"struct", "enum", "class", "actor", "protocol", "typealias"}
TYPE_REF = re.compile(r"\b[A-Z][A-Za-z0-9_]*(?:\.[A-Z][A-Za-z0-9_]*)*")


def closure(decls, cases, keep):
    """Which `public` declarations stay public, and why: the keep-list and inlinable code, then, to a
    fixed point, the types that own or enclose a kept declaration and the types named in a kept
    declaration's signature (parameters, results, property types, inheritance, a kept enum's cases)."""
    types = {}
    for d in decls:
        if d.keyword in TYPE_DECLS:
            types.setdefault(d.key, []).append(d)
    verdicts = {}
    for d in decls:
        if d.inline:
            verdicts[id(d)] = "inlinable"
        elif kept(d.key, d.owner, keep):
            verdicts[id(d)] = "keep-list"

    def resolve(ref, owner):
        parts = ref.split(".")
        context = owner.split(".") if owner else []
        for i in range(len(context), -1, -1):
            key = ".".join(context[:i] + parts[:1])
            if key in types:
                found = [key]
                for p in parts[1:]:
                    key = key + "." + p
                    if key not in types:
                        break
                    found.append(key)
                return found
        return []

    def keep_type(key, reason):
        changed = False
        parts = key.split(".")
        for i in range(1, len(parts) + 1):
            for t in types.get(".".join(parts[:i]), []):
                if id(t) not in verdicts:
                    verdicts[id(t)] = reason
                    changed = True
        return changed

    changed = True
    while changed:
        changed = False
        for d in decls:
            if id(d) not in verdicts:
                continue
            if d.owner:
                changed |= keep_type(d.owner, "owner of a kept member")
            for ref in TYPE_REF.findall(d.header):
                for key in resolve(ref, d.owner if d.keyword not in TYPE_DECLS else d.key):
                    changed |= keep_type(key, "in a kept signature")
        kept_types = {d.key for d in decls if id(d) in verdicts and d.keyword in TYPE_DECLS}
        for scope, text in cases:
            if scope in kept_types:
                for ref in TYPE_REF.findall(text):
                    for key in resolve(ref, scope):
                        changed |= keep_type(key, "in a kept signature")
    return verdicts


def load_keep(path):
    keep = set()
    if os.path.exists(path):
        for line in open(path, encoding="utf-8"):
            line = line.split("#", 1)[0].strip()
            if line:
                keep.add(line)
    return keep


def kept(key, owner, keep):
    if key in keep:
        return True
    # `Type.*` keeps the type and every member, nested types' members too.
    parts = key.split(".")
    for i in range(1, len(parts) + 1):
        if ".".join(parts[:i]) + ".*" in keep:
            return True
    return False


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    default_keep = os.path.join(here, "package-access-keep.txt")
    if not os.path.exists(default_keep):
        default_keep = os.path.join(here, "sweep-keep.txt")
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--root", default=".", help="repository root (default: the current directory)")
    ap.add_argument("--keep", default=default_keep, help="keep-list file")
    ap.add_argument("--dry-run", action="store_true", help="change nothing, print counts")
    ap.add_argument("--check", action="store_true", help="change nothing, list changes, exit 1 if any")
    ap.add_argument("--list", action="store_true", help="print every public declaration's key and verdict")
    args = ap.parse_args()

    sources = os.path.join(args.root, "Sources")
    files = []
    for dirpath, _, names in os.walk(sources):
        files.extend(os.path.join(dirpath, f) for f in names if f.endswith(".swift"))
    files.sort()
    keep = load_keep(args.keep)

    texts, scanned = {}, {}
    for f in files:
        texts[f] = open(f, encoding="utf-8").read()
        scanned[f] = scan(f, texts[f])

    verdicts = closure([d for f in files for d in scanned[f][0]],
                       [c for f in files for c in scanned[f][2]], keep)

    before_public = before_package = 0
    changed_files = 0
    kept_count = {reason: 0 for reason in REASONS}
    used_keys = set()
    report = []
    for f in files:
        src = texts[f]
        decls, tokens, _ = scanned[f]
        before_public += len(decls)
        before_package += sum(1 for t in tokens if t.kind == "ident" and t.text == "package")
        edits = []
        for d in decls:
            verdict = verdicts.get(id(d))
            if verdict == "keep-list":
                used_keys.add(d.key)
            if verdict:
                kept_count[verdict] += 1
            else:
                edits.append(d.token)
            if args.list:
                line = src.count("\n", 0, d.token.start) + 1
                report.append(f"{os.path.relpath(f, args.root)}:{line}: {d.key} ({d.keyword}) -> "
                              f"{'public: ' + verdict if verdict else 'package'}")
        if edits:
            changed_files += 1
            if args.check:
                for t in edits:
                    line = src.count("\n", 0, t.start) + 1
                    print(f"{os.path.relpath(f, args.root)}:{line}: public -> package")
            if not (args.dry_run or args.check):
                out = []
                last = 0
                for t in edits:
                    out.append(src[last:t.start])
                    out.append("package")
                    last = t.end
                out.append(src[last:])
                with open(f, "w", encoding="utf-8") as fh:
                    fh.write("".join(out))
    if args.list:
        print("\n".join(report))
    changed = before_public - sum(kept_count.values())
    after_public = sum(kept_count.values())
    print(f"public declarations: {before_public} before, {after_public} after (kept: "
          + ", ".join(f"{kept_count[r]} {r}" for r in REASONS) + "); "
          f"`package` tokens: {before_package} before, {before_package + changed} after; "
          f"{changed} changed in {changed_files} files", file=sys.stderr)
    # Keep-list entries that name nothing (moved, renamed or deleted declarations).
    unused = sorted(e for e in keep if not e.endswith(".*") and e not in used_keys)
    for e in unused:
        print(f"keep-list entry names no public declaration: {e}", file=sys.stderr)
    if args.check and changed:
        sys.exit(1)


if __name__ == "__main__":
    main()
