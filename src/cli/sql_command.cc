// `tarn sql`: Spark SQL from -e, -f, a script on standard input, or — when
// stdin is a terminal and neither -e nor -f is given — the interactive shell
// (repl.h). Batch modes stop at the first failing statement: its error goes
// to stderr as one line, positions counted in the whole script, and the exit
// code is 1.
#include <unistd.h>

#include <cstdio>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>
#include <vector>

#include "cli/args.h"
#include "cli/commands.h"
#include "cli/repl.h"
#include "common/error.h"
#include "common/status.h"
#include "formats/text/result_writer.h"
#include "session/session.h"
#include "sql/parser.h"

namespace tarn::cli {

const char* const kSqlUsage =
    "Usage: tarn sql [options]\n"
    "\n"
    "Runs Spark SQL statements and prints their results. With neither -e nor -f,\n"
    "starts an interactive shell when stdin is a terminal (history in\n"
    "~/.tarn_history; statements end with ';'; Ctrl-C cancels a running statement\n"
    "or clears the line; Ctrl-D, quit; or exit; leaves), and otherwise runs the\n"
    "script read from stdin.\n"
    "\n"
    "Options:\n"
    "  -e, --execute SQL    run these statements (separated by ';') and exit;\n"
    "                       repeatable, run in order\n"
    "  -f, --file FILE      run the statements in FILE and exit\n"
    "      --format F       table (default), csv or json\n"
    "  -c, --conf K=V       set a session configuration (repeatable, or K=V,K2=V2)\n"
    "  -S, --silent         no 'Time taken' lines\n"
    "      --profile        after each statement, print the profile of the queries it\n"
    "                       ran to stderr (EXPLAIN ANALYZE's per-operator metrics)\n"
    "  -h, --help           show this help\n"
    "\n"
    "Batch runs stop at the first error (exit code 1). 'Time taken' and progress\n"
    "lines go to stderr, and in batch runs only when stderr is a terminal.\n";

namespace {

// Where a batch script came from, for its error lines ("q.sql:3: [...]").
struct ScriptSource {
  std::string name;    ///< file path, "<stdin>" or "-e"
  std::string text;
};

void PrintBatchError(const std::string& prefix, const ErrorInfo& info) {
  std::fflush(stdout);
  std::fprintf(stderr, "%s%s\n", prefix.c_str(), info.ToString().c_str());
  std::fflush(stderr);
}

// Runs every statement of the script; stops at the first error.
int RunBatch(Session& session, const ScriptSource& source, const ShellOptions& options) {
  std::vector<sql::ScriptStatement> statements = sql::Parser::SplitStatements(source.text);
  // One writer: a blank line separates consecutive result sets.
  auto writer = ResultWriter::Make(options.format, [](std::string_view text) { Print(text); });
  // A lone -e statement needs no "where"; a script names the statement's line.
  const bool name_statements = source.name != "-e" || statements.size() > 1;
  for (const sql::ScriptStatement& statement : statements) {
    if (IsQuitCommand(statement.text)) break;
    std::string prefix;
    if (name_statements) prefix = source.name + ":" + std::to_string(statement.line) + ": ";
    try {
      RunShellStatement(session, statement.text, *writer, options);
    } catch (const Error& e) {
      PrintBatchError(prefix, InScript(e.info(), statement));
      return 1;
    }
  }
  return 0;
}

std::string ReadAll(std::istream& in) {
  std::stringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

}  // namespace

int RunSql(const std::vector<std::string>& args) {
  ParsedArgs parsed = ParseArgs(args, {{"execute", 'e', true, true},
                                       {"file", 'f'},
                                       {"format", 0},
                                       {"conf", 'c', true, true},
                                       {"silent", 'S', false},
                                       {"profile", 0, false},
                                       {"help", 'h', false}});
  if (parsed.Has("help")) {
    Print(kSqlUsage);
    return 0;
  }
  if (!parsed.positional.empty()) {
    throw UsageError("unexpected argument '" + parsed.positional[0] + "' (SQL goes after -e)", "tarn sql --help");
  }
  if (parsed.Has("execute") && parsed.Has("file")) throw UsageError("give -e or -f, not both", "tarn sql --help");
  ShellOptions options;
  if (auto name = parsed.Get("format")) {
    auto f = ParseOutputFormat(*name);
    if (!f) throw UsageError("unknown format '" + *name + "'", "tarn sql --help");
    options.format = *f;
  }
  Session session;
  for (const auto& [key, value] : ConfSettings(parsed, "tarn sql --help")) ThrowIfError(session.config().Set(key, value));
  const bool silent = parsed.Has("silent");
  session.set_profiling(parsed.Has("profile"));

  ScriptSource source;
  if (parsed.Has("execute")) {
    // Several -e run in the order given, as one script.
    std::string script;
    for (const std::string& text : parsed.GetAll("execute")) script += (script.empty() ? "" : ";\n") + text;
    source = {"-e", script};
  } else if (auto file = parsed.Get("file")) {
    std::ifstream in(*file, std::ios::binary);
    if (!in) ThrowError(ErrorClass::kPathNotFound, {{"path", *file}});
    source = {*file, ReadAll(in)};
  } else if (isatty(STDIN_FILENO)) {
    options.show_timing = !silent;
    InstallInterruptHandler();
    return RunRepl(session, options);
  } else {
    source = {"<stdin>", ReadAll(std::cin)};
  }
  // Batch output is for programs: timing only for a person watching stderr.
  options.show_timing = !silent && isatty(STDERR_FILENO);
  // After reading the script: Ctrl-C while reading stdin just ends tarn.
  InstallInterruptHandler();
  return RunBatch(session, source, options);
}

}  // namespace tarn::cli
