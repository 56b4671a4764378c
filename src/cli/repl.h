// The pieces of `tarn sql` that run statements for a person: the interactive
// shell (GNU readline: line editing, history in ~/.tarn_history, multi-line
// statements ending in ';'), Ctrl-C cancellation, a live progress line, and
// the "Time taken" line after each result. sql_command.cc uses the same
// statement runner for its batch modes (-e, -f, a script on stdin).
//
// Thread safety: one shell per process (the SIGINT handler is process-wide).
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "common/error.h"
#include "formats/text/result_writer.h"
#include "sql/statement.h"

namespace tarn {
class Session;
}  // namespace tarn

namespace tarn::cli {

struct ShellOptions {
  OutputFormat format = OutputFormat::kTable;
  /// "Time taken: … seconds, Fetched N row(s)" on stderr after each statement.
  bool show_timing = true;
  /// A live "running N s" line on stderr for statements longer than a second
  /// (only drawn when stderr is a terminal).
  bool show_progress = true;
};

/// Installs the SIGINT handler: Ctrl-C during a statement cancels it (a
/// watcher thread calls Session::Cancel); a second Ctrl-C before it ends
/// kills the process. Idempotent.
void InstallInterruptHandler();

/// Runs one statement, prints its rows with `writer` (nothing for commands
/// without columns), then the timing line. Throws tarn::Error, e.g.
/// OPERATION_CANCELED after Ctrl-C.
void RunShellStatement(Session& session, std::string_view sql, ResultWriter& writer, const ShellOptions& options);

/// The complete statements at the start of `buffer` (split on ';' outside
/// strings, comments and brackets), and whether every statement in it is
/// complete: false while the text after the last ';' has a token, or a
/// string, comment or bracket is still open.
struct SplitBuffer {
  std::vector<sql::ScriptStatement> statements;
  bool complete = false;
};
SplitBuffer SplitCompleteStatements(std::string_view buffer);

/// `quit` or `exit` (any case), the shell's commands to leave.
bool IsQuitCommand(std::string_view statement);

/// `info` with its line/column moved from `statement`'s text into the script
/// that holds it (line 1 of the statement starts at statement.line/column).
ErrorInfo InScript(ErrorInfo info, const sql::ScriptStatement& statement);

/// The interactive shell on the terminal at stdin; returns the exit code
/// (0 after Ctrl-D, quit; or exit;).
int RunRepl(Session& session, const ShellOptions& options);

}  // namespace tarn::cli
