#!/usr/bin/env bash
# End-to-end tests of `tarn sql`: -e, -f and stdin batch modes, output
# formats, exit codes, error lines with positions, scripts of several
# statements; and, when util-linux `script` can give it a terminal, the
# interactive shell. Never asserts on time.
#
# Usage: cli_sql_test.sh TARN_BINARY
# Exit status: 0 when every check passes; the failures are listed otherwise.
set -u

TARN=${1:?usage: cli_sql_test.sh TARN_BINARY}
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT

failures=0
checks=0
fail() {
  echo "FAIL: $*"
  failures=$((failures + 1))
}

# run ARGS...: runs tarn sql with stdin from /dev/null (batch), leaving stdout
# in $TMP/out, stderr in $TMP/err, status in $rc.
run() {
  "$TARN" sql "$@" </dev/null >"$TMP/out" 2>"$TMP/err"
  rc=$?
  checks=$((checks + 1))
}

# run_stdin TEXT ARGS...: like run, with TEXT on stdin (a pipe, not a terminal).
run_stdin() {
  local text=$1
  shift
  printf '%s' "$text" | "$TARN" sql "$@" >"$TMP/out" 2>"$TMP/err"
  rc=$?
  checks=$((checks + 1))
}

# expect_ok DESCRIPTION: exit 0 and nothing on stderr.
expect_ok() {
  [ "$rc" -eq 0 ] || fail "$1: exit $rc, stderr: $(head -c 300 "$TMP/err")"
  [ ! -s "$TMP/err" ] || fail "$1: unexpected stderr: $(head -c 300 "$TMP/err")"
}

# expect_error DESCRIPTION CODE PATTERN: exit CODE and exactly one stderr line matching PATTERN.
expect_error() {
  [ "$rc" -eq "$2" ] || fail "$1: exit $rc, expected $2"
  [ "$(wc -l <"$TMP/err")" -eq 1 ] || fail "$1: expected one stderr line, got: $(cat "$TMP/err")"
  grep -Eq -- "$3" "$TMP/err" || fail "$1: stderr does not match '$3': $(cat "$TMP/err")"
}

# expect_out DESCRIPTION PATTERN: stdout matches the (extended) regular expression.
expect_out() {
  grep -Eq -- "$2" "$TMP/out" || fail "$1: stdout does not match '$2': $(head -c 500 "$TMP/out")"
}

# expect_no_out DESCRIPTION PATTERN: no stdout line matches.
expect_no_out() {
  ! grep -Eq -- "$2" "$TMP/out" || fail "$1: stdout should not match '$2': $(head -c 500 "$TMP/out")"
}

# expect_exact DESCRIPTION TEXT: stdout is exactly TEXT (plus a final newline).
expect_exact() {
  local want
  want=$(printf '%s' "$2")
  [ "$(cat "$TMP/out")" = "$want" ] || fail "$1: stdout is
$(cat "$TMP/out")
expected
$want"
}

# --- help and usage errors --------------------------------------------------------------

run --help
expect_ok "sql --help"
expect_out "sql --help" "^Usage: tarn sql"
expect_out "sql --help" "--format"

run --format xml -e "SELECT 1"
expect_error "unknown format" 2 "unknown format 'xml'"

run -e "SELECT 1" -f "$TMP/none.sql"
expect_error "-e and -f" 2 "not both"

run "SELECT 1"
expect_error "positional SQL" 2 "unexpected argument"

run -f "$TMP/does_not_exist.sql"
expect_error "missing script file" 1 '^\[PATH_NOT_FOUND\].*does_not_exist\.sql.*SQLSTATE: 42K03$'

run --format csv --format json -e "SELECT 1"
expect_error "a flag given twice" 2 "'--format' is given more than once"

run -c spark.tarn.x=1 -e "SELECT 1"
expect_ok "-c KEY=VALUE"

run -c novalue -e "SELECT 1"
expect_error "-c without =" 2 "--conf needs KEY=VALUE, got 'novalue'"

# Repeated -c all apply (also comma lists), repeated -e run in order.
run --format csv -c spark.sql.ansi.enabled=false -c spark.tarn.a=x,spark.tarn.b=y \
  -e "SELECT 1 / 0 AS q" -e "SET spark.tarn.a;" -e "SET spark.tarn.b"
expect_ok "repeated -c and -e"
expect_exact "repeated -c and -e" $'q\n\n\nkey,value\nspark.tarn.a,x\n\nkey,value\nspark.tarn.b,y'

# --- -e with each format ----------------------------------------------------------------

run --format csv -e "SELECT 1 AS a, 'x' AS b"
expect_ok "-e csv"
expect_exact "-e csv" $'a,b\n1,x'

run --format json -e "SELECT 1 AS a, 'x' AS b"
expect_ok "-e json"
expect_exact "-e json" '{"a":1,"b":"x"}'

run -e "SELECT 1 AS a, 'x' AS b"
expect_ok "-e table"
expect_out "-e table" "│ +a │ b +│"
expect_out "-e table" "│ +1 │ x +│"
expect_out "-e table" "^1 row"

run --format csv -e "SELECT id FROM range(3)"
expect_ok "-e range csv"
expect_exact "-e range csv" $'id\n0\n1\n2'

# A statement without columns prints nothing; the next result follows.
run --format csv -e "CREATE TEMPORARY VIEW v AS SELECT * FROM VALUES (1, 'a'), (2, 'b') AS t(k, s); SELECT s FROM v ORDER BY k DESC"
expect_ok "-e two statements"
expect_exact "-e two statements" $'s\nb\na'

# ';' inside strings, quoted names and comments does not end a statement.
run --format csv -e "SELECT 'a;b' AS \`c;d\` -- not the end;
/* nor this; */ ; SELECT 2 AS two;"
expect_ok "-e semicolons in strings"
expect_exact "-e semicolons in strings" $'c;d\na;b\n\ntwo\n2'

run --format csv -e ";;  ; -- nothing here"
expect_ok "-e only empty statements"
expect_exact "-e only empty statements" ""

# -S and timing: batch output is for programs, so no "Time taken" without a terminal.
run -S --format csv -e "SELECT 1 AS one"
expect_ok "-S"
expect_exact "-S" $'one\n1'

# --conf reaches the session.
run --format json -c spark.sql.ansi.enabled=false -e "SELECT 1/0 AS q"
expect_ok "--conf ansi off"
expect_exact "--conf ansi off" '{"q":null}'

# --- errors in -e -----------------------------------------------------------------------

run -e "SELECT 1 FORM t"
expect_error "-e syntax error" 1 '^\[PARSE_SYNTAX_ERROR\] .*\(line 1, pos [0-9]+\) SQLSTATE: 42601$'

run --format csv -e "SELECT 1 AS a; SELECT 1/0; SELECT 3 AS c"
expect_error "-e runtime error stops the script" 1 '^-e:1: \[DIVIDE_BY_ZERO\] .*SQLSTATE: 22012$'
expect_exact "-e runtime error stops the script" $'a\n1'

run -e "SELECT nope FROM VALUES (1) AS t(x)"
expect_error "-e unresolved column" 1 '^\[UNRESOLVED_COLUMN'

# Positions count in the whole -e text: the bad token sits on line 2.
run -e "SELECT 1 AS a;
SELECT 2 AS b FROM FROM"
expect_error "-e error position in script" 1 '^-e:2: \[PARSE_SYNTAX_ERROR\] .*\(line 2, pos [0-9]+\)'

# --- -f scripts -------------------------------------------------------------------------

cat >"$TMP/ok.sql" <<'EOF'
-- a script of several statements
CREATE TEMPORARY VIEW nums AS
  SELECT id, id * id AS sq FROM range(5);

SELECT count(*) AS n, sum(sq) AS total
FROM nums;
SELECT id FROM nums WHERE id > 2 ORDER BY id; -- trailing comment
EOF
run --format csv -f "$TMP/ok.sql"
expect_ok "-f script"
expect_exact "-f script" $'n,total\n5,30\n\nid\n3\n4'

cat >"$TMP/bad.sql" <<'EOF'
SELECT 1 AS first;

SELECT 2 AS second,
       3 +* 4;
SELECT 5 AS never;
EOF
run --format csv -f "$TMP/bad.sql"
expect_error "-f syntax error" 1 "^$TMP/bad\\.sql:3: \\[PARSE_SYNTAX_ERROR\\] .*\\(line 4, pos [0-9]+\\) SQLSTATE: 42601\$"
expect_out "-f syntax error" "^first$"
expect_no_out "-f syntax error" "never"

# quit; ends a script.
printf 'SELECT 1 AS a;\nquit;\nSELECT 2 AS b;\n' >"$TMP/quit.sql"
run --format csv -f "$TMP/quit.sql"
expect_ok "-f quit"
expect_exact "-f quit" $'a\n1'

# --- stdin that is not a terminal: batch mode -------------------------------------------

run_stdin $'SELECT 1 AS a;\nSELECT\n  2 AS b;\n' --format csv
expect_ok "stdin script"
expect_exact "stdin script" $'a\n1\n\nb\n2'

run_stdin $'SELECT 1 AS a;\nSELECT 1/0 AS boom;\nSELECT 3;\n' --format csv
expect_error "stdin error" 1 '^<stdin>:2: \[DIVIDE_BY_ZERO\]'
expect_exact "stdin error" $'a\n1'

run_stdin $'SELECT 7 AS x;\nexit;\nSELECT 8;\n' --format json
expect_ok "stdin exit"
expect_exact "stdin exit" '{"x":7}'

# The last statement needs no ';'.
run_stdin 'SELECT 9 AS nine' --format csv
expect_ok "stdin without final semicolon"
expect_exact "stdin without final semicolon" $'nine\n9'

run_stdin '' --format csv
expect_ok "empty stdin"
expect_exact "empty stdin" ""

# --- the interactive shell, on a pseudo-terminal from util-linux script(1) ---------------

if command -v script >/dev/null 2>&1 && command -v timeout >/dev/null 2>&1; then
  # Statements over several lines, an error that does not end the shell,
  # and quit;. HOME points at $TMP so the history file lands there.
  printf 'SELECT 40 +\n 2 AS answer;\nSELECT 1 FORM t;\nSELECT 5 AS five;\nquit;\n' >"$TMP/repl.in"
  HOME="$TMP" timeout 60 script -qec "'$TARN' sql --format csv" /dev/null <"$TMP/repl.in" >"$TMP/out" 2>&1
  rc=$?
  checks=$((checks + 1))
  tr -d '\r' <"$TMP/out" >"$TMP/out.clean" && mv "$TMP/out.clean" "$TMP/out"
  [ "$rc" -eq 0 ] || fail "repl: exit $rc: $(head -c 800 "$TMP/out")"
  expect_out "repl banner" "SQL shell"
  expect_out "repl multi-line result" "^42$"
  expect_out "repl continues after an error" "\\[PARSE_SYNTAX_ERROR\\]"
  expect_out "repl after error" "^5$"
  expect_out "repl timing line" "^Time taken: [0-9.]+ seconds, Fetched 1 row\\(s\\)$"
  grep -q "SELECT 40 +  2 AS answer;" "$TMP/.tarn_history" 2>/dev/null ||
    fail "repl history: $(cat "$TMP/.tarn_history" 2>&1)"
fi

# Ctrl-C: cancels a running statement (after its progress line shows) and
# returns to the prompt; at the prompt it drops the typed line; Ctrl-D leaves.
if command -v python3 >/dev/null 2>&1; then
  cat >"$TMP/drive.py" <<'EOF'
import os, pty, select, signal, sys, time
tarn = sys.argv[1]
pid, fd = pty.fork()
if pid == 0:
    os.environ["HOME"] = sys.argv[2]
    os.execv(tarn, [tarn, "sql", "--format", "csv"])
buf = b""
def expect(pattern, limit=60):
    # Waits for output (the limit only guards against a hang; nothing is timed).
    global buf
    end = time.time() + limit
    while pattern.encode() not in buf:
        ready, _, _ = select.select([fd], [], [], max(0, end - time.time()))
        data = b""
        if ready:
            try:
                data = os.read(fd, 4096)
            except OSError:
                pass
        if not data:
            os.kill(pid, signal.SIGKILL)
            sys.exit("no %r in: %r" % (pattern, buf.decode(errors="replace")))
        buf += data
    i = buf.index(pattern.encode()) + len(pattern)
    seen, buf = buf[:i], buf[i:]
    return seen.decode(errors="replace")
expect("tarn> ")
os.write(fd, b"SELECT count(*) FROM range(0, 1000000000000);\n")
expect("[running")
os.write(fd, b"\x03")
expect("[OPERATION_CANCELED]")
expect("tarn> ")
os.write(fd, b"SELECT 2 AS dropped")
expect("dropped")
os.write(fd, b"\x03")
expect("tarn> ")
os.write(fd, b"SELECT 3 AS kept;\n")
out = expect("Fetched 1 row(s)")
if "dropped" in out:
    sys.exit("the line cleared by Ctrl-C ran: %r" % out)
# Ctrl-D only at the prompt: typed ahead while the terminal is still in
# canonical mode, the tty would take it as end-of-file before readline runs.
expect("tarn> ")
os.write(fd, b"\x04")
_, status = os.waitpid(pid, 0)
if not os.WIFEXITED(status) or os.WEXITSTATUS(status) != 0:
    sys.exit("exit status %r after Ctrl-D" % status)
EOF
  timeout 120 python3 "$TMP/drive.py" "$TARN" "$TMP" >"$TMP/out" 2>&1
  rc=$?
  checks=$((checks + 1))
  [ "$rc" -eq 0 ] || fail "repl Ctrl-C: $(tail -c 800 "$TMP/out")"
fi

echo "$checks checks, $failures failures"
[ "$failures" -eq 0 ]
