#!/usr/bin/env python3
"""Prints the external programs the given shell and Python scripts call.

Used by tests/check-deps.sh. A shell script is tokenised (shlex, with shell
punctuation) and every word in command position is taken: the start of a
command, after | || && ; & ( $( ` and the keywords that start a command
(then, do, else, ...), and the program a wrapper runs (exec, command, env,
timeout, xargs, ...). Variable assignments, variables, paths into the tree
($x/..., ./x), functions the script defines and shell builtins are left out.
Heredoc bodies are skipped. In a Python script, the first element of a
subprocess argument list (["openssl", ...]) is taken.

Output: one "program<TAB>script" line per use, sorted and unique.
"""
import re
import shlex
import sys

# Shell keywords and builtins (bash), never a package's program.
BUILTINS = set("""
! [[ ]] { } case do done elif else esac fi for function if in select then
time until while . : [ alias bg bind break builtin caller cd command compgen
complete compopt continue declare dirs disown echo enable eval exec exit
export false fc fg getopts hash help history jobs kill let local logout
mapfile popd printf pushd pwd read readarray readonly return set shift shopt
source suspend test times trap true type typeset ulimit umask unalias unset
wait
""".split())

# Words after which the next word is again a command.
COMMAND_START = {"|", "||", "&&", ";", "&", "(", "then", "do", "else",
                 "elif", "if", "while", "until", "!", "{", "\n", "|&"}

# Wrappers that run the program named after their options.
WRAPPERS = {"exec", "command", "time", "env", "nohup", "setsid", "nice",
            "xargs", "timeout", "sudo", "builtin"}
# Wrapper options that take a value (so the value is not the program).
WRAPPER_OPTS_WITH_VALUE = {"-s", "-k", "-n", "-P", "-I", "-u", "-d", "-L"}

# python3 -c 'CODE': the code is Python, not shell.
PYTHON_C = re.compile(r"(python3?\s+-c\s+)(['\"])(.*?)(?<!\\)\2", re.S)
HEREDOC = re.compile(r"<<-?\s*(['\"]?)([A-Za-z_][A-Za-z0-9_]*)\1")


def strip_heredocs(text):
    """Returns text with the bodies of here-documents removed."""
    out, lines, i = [], text.split("\n"), 0
    while i < len(lines):
        line = lines[i]
        out.append(line)
        m = HEREDOC.search(line) if not line.lstrip().startswith("#") else None
        i += 1
        if m:
            end = m.group(2)
            while i < len(lines) and lines[i].strip() != end:
                i += 1
            i += 1
    return "\n".join(out)


def substitutions(word):
    """Yields the text inside each $( ... ) of a quoted word."""
    i = 0
    while True:
        i = word.find("$(", i)
        if i < 0 or word.startswith("$((", i):
            if i < 0:
                return
            i += 3
            continue
        depth, j = 1, i + 2
        while j < len(word) and depth:
            depth += {"(": 1, ")": -1}.get(word[j], 0)
            j += 1
        yield word[i + 2:j - 1]
        i = j


def matching_paren(text, k):
    """Index just past the ) that closes the $( whose body starts at k,
    skipping quoted text; len(text) when it is not closed."""
    depth, quote = 1, None
    while k < len(text) and depth:
        c = text[k]
        if quote:
            quote = None if c == quote else quote
        elif c == "\\":
            k += 1
        elif c == "#" and text[k - 1] in " \t\n;&|(":
            k = text.find("\n", k)
            k = len(text) if k < 0 else k
            continue
        elif c in "'\"":
            quote = c
        elif c == "(":
            depth += 1
        elif c == ")":
            depth -= 1
        k += 1
    return k


def unquote_substitutions(text):
    """Moves each $( ... ) inside double quotes out of its quotes:
    "a $(cmd "b") c" becomes "a " $(cmd "b") " c", so the quotes inside
    the substitution nest (shlex does not nest them) and an apostrophe
    inside it is not taken for the start of a quoted string."""
    out, i, quote = [], 0, None
    while i < len(text):
        c = text[i]
        if quote == "'":
            quote = None if c == "'" else quote
        elif c == "\\":
            out.append(text[i:i + 2])
            i += 2
            continue
        elif quote is None and c == "#" and (i == 0 or text[i - 1] in " \t\n;&|("):
            j = text.find("\n", i)
            j = len(text) if j < 0 else j
            out.append(text[i:j])
            i = j
            continue
        elif c == "'" and quote is None:
            quote = "'"
        elif c == '"':
            quote = None if quote == '"' else '"'
        elif quote == '"' and text.startswith("$(", i) and \
                not text.startswith("$((", i):
            k = matching_paren(text, i + 2)
            inner = unquote_substitutions(text[i + 2:k - 1])
            out.append('" $(' + inner + ') "')
            i = k
            continue
        out.append(c)
        i += 1
    return "".join(out)


def tokens(text):
    """Shell tokens of text, with newlines kept as command separators."""
    # A $( in double quotes may hold quotes of its own, which shlex does
    # not nest: unquote it.  ${#x} and $# are not comments.
    text = unquote_substitutions(text.replace("\\\n", " "))
    text = text.replace("${#", "${").replace("$#", "$n").replace("+=", "=")
    lex = shlex.shlex(text, posix=True,
                      punctuation_chars=";&|()<>")
    lex.whitespace = " \t\r"
    lex.whitespace_split = False
    lex.commenters = "#"
    try:
        return list(lex)
    except ValueError:  # an unbalanced quote: fall back to line by line
        return [t for line in text.split("\n") for t in
                (tokens(line) if line != text else line.split()) + ["\n"]]


def commands(text, functions):
    """Yields program names in command position in shell text."""
    toks = tokens(text)
    expect, in_case_pattern, wrapper, i = True, False, False, 0
    while i < len(toks):
        t = toks[i]
        nxt = toks[i + 1] if i + 1 < len(toks) else ""
        i += 1
        if "$(" in t and t != "$":
            for sub in substitutions(t):
                yield from commands(sub, functions)
        if in_case_pattern:
            if t == "esac":
                in_case_pattern, expect = False, False
            elif t == ")":
                in_case_pattern, expect = False, True
            continue
        if t == "in" and expect is False and case_open(toks, i):
            in_case_pattern = True
            continue
        if t == ";;":
            in_case_pattern, expect = True, False
            continue
        if t == "$":
            if nxt == "((" or (nxt == "(" and i + 1 < len(toks) and
                               toks[i + 1] == "("):
                i = skip_arith(toks, i)  # $(( arithmetic ))
                expect = False
            elif nxt == "(":
                i += 1
                expect = True
            else:  # $var or ${var}: a value, not a command we can name
                if nxt == "{":
                    while i < len(toks) and toks[i] != "}":
                        i += 1
                i += 1
                expect = wrapper
            continue
        if t == "for" and nxt == "((":
            i = skip_arith(toks, i)
            continue
        if t in COMMAND_START or t.endswith("\n"):
            expect, wrapper = True, False
            continue
        if t in (")", "}", "fi", "done", "esac"):
            expect = False
            continue
        if t in ("<", ">", ">>", "<<", "<<<", ">&", "<&", "&>", "2>", "2>&"):
            i += 1  # redirection target
            continue
        if not expect:
            continue
        if re.match(r"^[A-Za-z_][A-Za-z0-9_]*(\[[^]]*\])?\+?=", t):
            if t.endswith("=") and nxt.startswith("("):  # array=( ... )
                while i < len(toks) and not toks[i].endswith(")"):
                    i += 1
                i += 1
            continue  # assignment: the command follows
        if wrapper and t.startswith("-"):
            if t in WRAPPER_OPTS_WITH_VALUE:
                i += 1
            continue
        if wrapper and wrapper_arg_pending(toks, i - 1):
            continue
        if t == "(" or t == "function":
            continue
        name = t.rsplit("/", 1)[-1] if t.startswith("/") else t
        if nxt == "()" or (nxt == "(" and i < len(toks) - 1 and
                           toks[i + 1] == ")"):
            functions.add(t)  # a definition: name ()
            expect = False
            continue
        expect, wrapper = False, False
        if name in WRAPPERS:
            expect, wrapper = True, True
            if name == "timeout":
                wrapper = "timeout"
        if name in BUILTINS or "/" in name or not re.match(
                r"^[A-Za-z][A-Za-z0-9_.+-]*$", name):
            continue
        yield name


def wrapper_arg_pending(toks, i):
    """True when toks[i] is timeout's duration (a number)."""
    return re.match(r"^[0-9.]+[smhd]?$", toks[i]) is not None


def case_open(toks, i):
    """True when the 'in' at toks[i-1] follows 'case WORD'."""
    j = i - 2
    while j >= 0 and toks[j] not in ("case", "\n", ";"):
        j -= 1
    return j >= 0 and toks[j] == "case"


def skip_arith(toks, i):
    """Index after the )) that closes the $(( at toks[i-1]."""
    depth = 0
    while i < len(toks):
        if set(toks[i]) <= set("();&|<>"):
            depth += toks[i].count("(") - toks[i].count(")")
        i += 1
        if depth <= 0:
            break
    return i


def python_commands(text):
    """Yields the programs a Python script runs through subprocess."""
    for m in re.finditer(
            r"subprocess\.\w+\(\s*\[\s*['\"]([A-Za-z][A-Za-z0-9_.+-]*)['\"]",
            text):
        yield m.group(1)


def main():
    seen, functions = set(), set()
    for path in sys.argv[1:]:
        with open(path, encoding="utf-8", errors="replace") as f:
            text = f.read()
        first = text.split("\n", 1)[0]
        if path.endswith(".py") or "python" in first:
            found = set(python_commands(text))
        else:
            text = PYTHON_C.sub(r"\1:", strip_heredocs(text))
            found = set(commands(text, functions))
        for name in found:
            seen.add((name, path))
    for name, path in sorted(seen):
        if name in functions:
            continue
        print(f"{name}\t{path}")


if __name__ == "__main__":
    main()
