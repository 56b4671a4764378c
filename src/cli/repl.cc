#include "cli/repl.h"

#include <poll.h>
#include <unistd.h>

#include <atomic>
#include <cctype>
#include <cerrno>
#include <chrono>
#include <condition_variable>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <mutex>
#include <new>
#include <string>
#include <thread>

// readline's headers need <cstdio> first.
#include <readline/history.h>
#include <readline/readline.h>

#include "cli/commands.h"
#include "common/version.h"
#include "session/result_display.h"
#include "session/session.h"
#include "sql/parser.h"

namespace tarn::cli {
namespace {

// Set by the SIGINT handler; read by the statement watcher and the prompt loop.
volatile std::sig_atomic_t g_interrupted = 0;
// True while a statement runs (lock-free, so the handler may read it).
std::atomic<bool> g_statement_running{false};
static_assert(std::atomic<bool>::is_always_lock_free);

extern "C" void OnInterrupt(int) {
  if (g_interrupted && g_statement_running.load()) {
    // The statement did not stop after the first Ctrl-C: give up on it.
    std::signal(SIGINT, SIG_DFL);
    std::raise(SIGINT);
    return;
  }
  g_interrupted = 1;
}

using Clock = std::chrono::steady_clock;

double SecondsSince(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

// While a statement runs: turns a pending Ctrl-C into Session::Cancel, and
// after a second draws "running N s" on stderr (when it is a terminal).
class StatementWatcher {
 public:
  StatementWatcher(Session& session, bool progress)
      : session_(session), progress_(progress && isatty(STDERR_FILENO)), start_(Clock::now()) {
    g_statement_running.store(true);
    thread_ = std::thread([this] { Loop(); });
  }
  ~StatementWatcher() {
    {
      std::lock_guard<std::mutex> lock(mu_);
      done_ = true;
    }
    cv_.notify_one();
    thread_.join();
    g_statement_running.store(false);
    if (drawn_) {
      std::fputs("\r\033[K", stderr);
      std::fflush(stderr);
    }
  }
  StatementWatcher(const StatementWatcher&) = delete;
  StatementWatcher& operator=(const StatementWatcher&) = delete;

 private:
  void Loop() {
    std::unique_lock<std::mutex> lock(mu_);
    while (!done_) {
      cv_.wait_for(lock, std::chrono::milliseconds(100));
      if (done_) break;
      // Repeated while the statement runs: Execute clears the cancel flag
      // when it starts, so one early Cancel could be lost.
      if (g_interrupted) session_.Cancel();
      double elapsed = SecondsSince(start_);
      if (progress_ && elapsed >= 1.0) {
        char line[96];
        std::snprintf(line, sizeof line, "\r\033[K[running %.1f s%s]", elapsed,
                      g_interrupted ? ", canceling" : ", Ctrl-C cancels");
        std::fputs(line, stderr);
        std::fflush(stderr);
        drawn_ = true;
      }
    }
  }

  Session& session_;
  const bool progress_;
  const Clock::time_point start_;
  std::mutex mu_;
  std::condition_variable cv_;
  bool done_ = false;
  bool drawn_ = false;  // written by the watcher thread, read after join
  std::thread thread_;
};

void PrintTiming(double seconds, bool has_columns, size_t rows) {
  char line[128];
  if (has_columns) {
    std::snprintf(line, sizeof line, "Time taken: %.3f seconds, Fetched %zu row(s)\n", seconds, rows);
  } else {
    std::snprintf(line, sizeof line, "Time taken: %.3f seconds\n", seconds);
  }
  std::fputs(line, stderr);
  std::fflush(stderr);
}

std::string Trim(std::string_view text) {
  size_t begin = text.find_first_not_of(" \t\r\n");
  if (begin == std::string_view::npos) return {};
  size_t end = text.find_last_not_of(" \t\r\n");
  return std::string(text.substr(begin, end - begin + 1));
}

// --- the interactive shell --------------------------------------------------------------

constexpr const char* kPrompt = "tarn> ";
constexpr const char* kContinuationPrompt = "    > ";
constexpr int kHistoryLines = 1000;

std::string HistoryPath() {
  const char* home = std::getenv("HOME");
  if (!home || !*home) return {};
  return std::string(home) + "/.tarn_history";
}

// readline's callback interface delivers a line here.
struct LineState {
  bool ready = false;
  bool eof = false;
  std::string line;
};
LineState* g_line_state = nullptr;

extern "C" void OnLine(char* line) {
  if (!line) {
    g_line_state->eof = true;
  } else {
    g_line_state->line = line;
    g_line_state->ready = true;
    std::free(line);
  }
  rl_callback_handler_remove();
}

// Reads one line with readline. Ctrl-C at the prompt sets *interrupted (the
// caller drops what was typed); Ctrl-D on an empty line returns false.
bool ReadLine(const char* prompt, std::string* line, bool* interrupted) {
  LineState state;
  g_line_state = &state;
  *interrupted = false;
  rl_callback_handler_install(prompt, OnLine);
  while (!state.ready && !state.eof) {
    if (g_interrupted) {
      g_interrupted = 0;
      rl_replace_line("", 0);
      rl_point = rl_end = 0;
      std::fputs("^C", rl_outstream ? rl_outstream : stdout);
      rl_crlf();
      rl_callback_handler_remove();
      *interrupted = true;
      g_line_state = nullptr;
      return true;
    }
    pollfd fd{fileno(rl_instream ? rl_instream : stdin), POLLIN, 0};
    // A timeout, so a Ctrl-C that lands just before poll is seen soon.
    int ready = poll(&fd, 1, 200);
    if (ready < 0 && errno != EINTR) {
      rl_callback_handler_remove();
      state.eof = true;
      break;
    }
    if (ready > 0 && !g_interrupted) rl_callback_read_char();
  }
  g_line_state = nullptr;
  if (state.eof) return false;
  *line = std::move(state.line);
  return true;
}

void AddToHistory(const std::string& entry, const std::string& path) {
  std::string one_line = entry;
  for (char& c : one_line)
    if (c == '\n' || c == '\r') c = ' ';
  if (one_line.find_first_not_of(' ') == std::string::npos) return;
  HIST_ENTRY* last = history_length > 0 ? history_get(history_base + history_length - 1) : nullptr;
  if (last && one_line == last->line) return;
  add_history(one_line.c_str());
  if (!path.empty()) {
    // Append as we go, so a killed shell keeps what it ran.
    if (access(path.c_str(), F_OK) == 0) {
      append_history(1, path.c_str());
    } else {
      write_history(path.c_str());  // append_history does not create the file
    }
    history_truncate_file(path.c_str(), kHistoryLines);
  }
}

void PrintReplError(const ErrorInfo& info) {
  std::fflush(stdout);
  std::fprintf(stderr, "%s\n", info.ToString().c_str());
  std::fflush(stderr);
}

}  // namespace

void InstallInterruptHandler() {
  struct sigaction action {};
  action.sa_handler = OnInterrupt;
  sigemptyset(&action.sa_mask);
  action.sa_flags = 0;  // no SA_RESTART: poll and read return EINTR
  sigaction(SIGINT, &action, nullptr);
}

void RunShellStatement(Session& session, std::string_view sql, ResultWriter& writer, const ShellOptions& options) {
  // A Ctrl-C between statements of a script stops it before the next one.
  if (g_interrupted) ThrowError(ErrorClass::kOperationCancelled);
  Clock::time_point start = Clock::now();
  StatementResult result;
  {
    StatementWatcher watcher(session, options.show_progress);
    result = session.Execute(sql);
  }
  result = InSessionTimeZone(result, session.config());
  const bool has_columns = !result.schema.empty();
  if (has_columns) {
    writer.Begin(result.schema);
    for (const Batch& batch : result.batches) writer.Write(batch);
    writer.End(static_cast<int64_t>(result.num_rows()));
  }
  std::fflush(stdout);
  if (options.show_timing) PrintTiming(SecondsSince(start), has_columns, result.num_rows());
  // `--profile`: the metrics of every query the statement ran (none unless
  // the session profiles).
  for (const std::string& profile : session.TakeProfiles()) std::fprintf(stderr, "%s", profile.c_str());
  std::fflush(stderr);
}

SplitBuffer SplitCompleteStatements(std::string_view buffer) {
  // A sentinel token after the buffer: it stands alone as the last statement
  // exactly when everything before it ended with ';' outside strings,
  // comments and brackets.
  std::string probe(buffer);
  probe += "\nX";
  SplitBuffer out;
  out.statements = sql::Parser::SplitStatements(probe);
  if (!out.statements.empty() && out.statements.back().offset == buffer.size() + 1 &&
      out.statements.back().text == "X") {
    out.statements.pop_back();
    out.complete = true;
  } else if (!out.statements.empty()) {
    out.statements.pop_back();  // the unfinished statement, with the sentinel in it
  }
  return out;
}

bool IsQuitCommand(std::string_view statement) {
  std::string word = Trim(statement);
  for (char& c : word) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return word == "quit" || word == "exit";
}

ErrorInfo InScript(ErrorInfo info, const sql::ScriptStatement& statement) {
  if (info.line > 0) {
    if (info.line == 1) info.column += statement.column - 1;
    info.line += statement.line - 1;
  }
  return info;
}

int RunRepl(Session& session, const ShellOptions& options) {
  rl_readline_name = "tarn";
  // Prompts stay on the terminal when the results go to a file.
  if (!isatty(STDOUT_FILENO) && isatty(STDERR_FILENO)) rl_outstream = stderr;
  rl_catch_signals = 0;  // our SIGINT handler, not readline's
  rl_bind_key('\t', rl_insert);  // pasted SQL keeps its tabs; no file-name completion
  using_history();
  stifle_history(kHistoryLines);
  const std::string history_path = HistoryPath();
  if (!history_path.empty()) read_history(history_path.c_str());

  std::FILE* out = rl_outstream ? rl_outstream : stdout;
  std::fprintf(out, "tarn %s SQL shell. End statements with ';'. quit; or Ctrl-D leaves.\n", kVersion);
  std::fflush(out);

  std::string buffer;
  for (;;) {
    std::string line;
    bool interrupted = false;
    if (!ReadLine(buffer.empty() ? kPrompt : kContinuationPrompt, &line, &interrupted)) {
      std::fputs("\n", out);
      break;
    }
    if (interrupted) {
      buffer.clear();
      continue;
    }
    if (!buffer.empty()) buffer += '\n';
    buffer += line;
    SplitBuffer split = SplitCompleteStatements(buffer);
    if (!split.complete) continue;
    AddToHistory(buffer, history_path);
    buffer.clear();
    for (const sql::ScriptStatement& statement : split.statements) {
      if (IsQuitCommand(statement.text)) return 0;
      g_interrupted = 0;
      try {
        auto writer = ResultWriter::Make(options.format, [](std::string_view out) { Print(out); });
        RunShellStatement(session, statement.text, *writer, options);
      } catch (const Error& e) {
        PrintReplError(InScript(e.info(), statement));
        if (e.info().error_class == ErrorClass::kOperationCancelled) break;  // skip the rest of the line
      } catch (const std::bad_alloc&) {
        PrintReplError(MakeError(ErrorClass::kInternalError, {{"message", "out of memory"}}));
      } catch (const std::exception& e) {
        PrintReplError(MakeError(ErrorClass::kInternalError, {{"message", e.what()}}));
      }
    }
    g_interrupted = 0;
  }
  return 0;
}

}  // namespace tarn::cli
