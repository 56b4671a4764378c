// tarn_spark_golden: runs Spark's SQLQueryTestSuite golden files
// (inputs/*.sql, results/*.sql.out) against tarn and counts the blocks that
// give Spark's answer. See README.md.
//
// Every file runs in a child process (fork), so a crash or a hang in tarn
// costs one block, not the run: the parent reads one line per block from a
// pipe, kills a child that stops answering, and starts a new one at the next
// block (replaying the earlier statements to rebuild the session's state).
#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "block_runner.h"
#include "golden_file.h"

namespace fs = std::filesystem;
using namespace tarn::golden;

namespace {

struct Options {
  std::string dir;
  bool verbose = false;
  std::string filter;
  std::string floor_file;
  double timeout = 20;
  size_t top = 25;
};

struct GoldenTest {
  std::string rel;  // "postgreSQL/case"
  std::string sql_text;
  std::vector<GoldenBlock> blocks;
  std::vector<GoldenBlock> java21;  // empty when there is no .java21 variant
};

struct BlockRecord {
  bool done = false, passed = false, names_match = false, error_raised = false;
  std::string cause;
};

std::string Sanitize(std::string s) {
  for (char& c : s)
    if (c == '\n' || c == '\t' || c == '\r') c = ' ';
  return s;
}

void WriteAll(int fd, const std::string& text) {
  size_t done = 0;
  while (done < text.size()) {
    ssize_t n = write(fd, text.data() + done, text.size() - done);
    if (n <= 0) _exit(3);
    done += static_cast<size_t>(n);
  }
}

// Child: replays blocks [0, start) except `skip`, then runs and reports [start, n).
[[noreturn]] void RunChild(const GoldenTest& test, const Options& options, size_t start,
                           const std::set<size_t>& skip, int fd) {
  FileSettings settings;
  settings.postgres = test.rel.rfind("postgreSQL/", 0) == 0;
  settings.set_directives = ParseSetDirectives(test.sql_text);
  settings.data_dir = options.dir;
  settings.block_timeout_seconds = options.timeout;
  {
    BlockRunner runner(settings);
    runner.Setup();
    for (size_t i = 0; i < start; ++i)
      if (!skip.count(i)) runner.Replay(test.blocks[i].statement);
    for (size_t i = start; i < test.blocks.size(); ++i) {
      WriteAll(fd, "S\t" + std::to_string(i) + "\n");
      const GoldenBlock* java21 = i < test.java21.size() && test.java21[i].statement == test.blocks[i].statement
                                      ? &test.java21[i]
                                      : nullptr;
      BlockOutcome outcome = runner.Run(test.blocks[i], java21);
      if (options.verbose && !outcome.passed) {
        std::string text = "FAIL " + test.rel + " #" + std::to_string(i + 1) + ": " + outcome.cause + "\n" +
                           "  query: " + Sanitize(test.blocks[i].statement).substr(0, 300) + "\n" + outcome.detail;
        std::fwrite(text.data(), 1, text.size(), stdout);
        std::fflush(stdout);
      }
      WriteAll(fd, "R\t" + std::to_string(i) + "\t" + (outcome.passed ? "1" : "0") + "\t" +
                       (outcome.names_match ? "1" : "0") + "\t" + (outcome.error_raised ? "1" : "0") + "\t" +
                       Sanitize(outcome.cause).substr(0, 300) + "\n");
    }
  }
  std::fflush(stdout);
  std::fflush(stderr);
  _exit(0);
}

std::vector<std::string> SplitTabs(const std::string& line) {
  std::vector<std::string> parts;
  size_t pos = 0;
  while (true) {
    size_t tab = line.find('\t', pos);
    parts.push_back(line.substr(pos, tab == std::string::npos ? std::string::npos : tab - pos));
    if (tab == std::string::npos) return parts;
    pos = tab + 1;
  }
}

// Parent: runs one file to completion through as many children as it takes.
std::vector<BlockRecord> RunFile(const GoldenTest& test, const Options& options) {
  std::vector<BlockRecord> records(test.blocks.size());
  std::set<size_t> skip;
  size_t start = 0;
  while (start < test.blocks.size()) {
    int fds[2];
    if (pipe(fds) != 0) {
      std::perror("pipe");
      std::exit(2);
    }
    std::fflush(stdout);
    std::fflush(stderr);
    pid_t pid = fork();
    if (pid < 0) {
      std::perror("fork");
      std::exit(2);
    }
    if (pid == 0) {
      close(fds[0]);
      RunChild(test, options, start, skip, fds[1]);
    }
    close(fds[1]);
    std::string buffer;
    long current = -1;  // the block the child is running
    bool killed = false;
    // Setup and replay get a generous allowance; each block gets twice the
    // watchdog's limit before the child is killed.
    auto limit = std::chrono::steady_clock::now() +
                 std::chrono::milliseconds(static_cast<int64_t>(options.timeout * 1000 * (2 + start) + 30000));
    while (true) {
      auto now = std::chrono::steady_clock::now();
      if (now >= limit) {
        kill(pid, SIGKILL);
        killed = true;
        break;
      }
      pollfd p{fds[0], POLLIN, 0};
      int wait_ms = static_cast<int>(std::chrono::duration_cast<std::chrono::milliseconds>(limit - now).count()) + 1;
      int ready = poll(&p, 1, wait_ms);
      if (ready < 0 && errno == EINTR) continue;
      if (ready <= 0) continue;
      char chunk[4096];
      ssize_t n = read(fds[0], chunk, sizeof(chunk));
      if (n <= 0) break;
      buffer.append(chunk, static_cast<size_t>(n));
      size_t nl;
      while ((nl = buffer.find('\n')) != std::string::npos) {
        std::vector<std::string> parts = SplitTabs(buffer.substr(0, nl));
        buffer.erase(0, nl + 1);
        if (parts.size() >= 2 && parts[0] == "S") {
          current = std::stol(parts[1]);
          limit = std::chrono::steady_clock::now() +
                  std::chrono::milliseconds(static_cast<int64_t>(options.timeout * 2000 + 5000));
        } else if (parts.size() >= 6 && parts[0] == "R") {
          size_t i = std::stoul(parts[1]);
          if (i < records.size()) {
            records[i] = {true, parts[2] == "1", parts[3] == "1", parts[4] == "1", parts[5]};
            start = std::max(start, i + 1);
          }
          current = -1;
        }
      }
    }
    close(fds[0]);
    int status = 0;
    waitpid(pid, &status, 0);
    // The child's warehouse (tables its CREATE TABLE statements made), gone with it.
    std::error_code ignored;
    std::filesystem::remove_all(ScratchDirectory(pid), ignored);
    if (start >= test.blocks.size()) break;
    // The child died or hung: blame the block it was running.
    size_t bad = current >= 0 ? static_cast<size_t>(current) : start;
    std::string cause = killed ? "timeout (killed)"
                        : WIFSIGNALED(status) ? "crash (signal " + std::to_string(WTERMSIG(status)) + ")"
                                              : "crash (exit " + std::to_string(WEXITSTATUS(status)) + ")";
    if (current < 0 && start == 0) cause += " during setup";
    records[bad] = {true, false, false, false, cause};
    std::fprintf(stderr, "spark_golden: %s #%zu: %s\n", test.rel.c_str(), bad + 1, cause.c_str());
    if (options.verbose) {
      std::printf("FAIL %s #%zu: %s\n  query: %s\n", test.rel.c_str(), bad + 1, cause.c_str(),
                  Sanitize(test.blocks[bad].statement).substr(0, 300).c_str());
    }
    skip.insert(bad);
    start = bad + 1;
  }
  return records;
}

bool LoadTest(const fs::path& dir, const fs::path& out_file, GoldenTest* test) {
  fs::path rel = fs::relative(out_file, dir / "results");
  std::string rel_text = rel.generic_string();
  rel_text = rel_text.substr(0, rel_text.size() - std::string(".sql.out").size());
  test->rel = rel_text;
  auto out_text = ReadTextFile(out_file.string());
  auto sql_text = ReadTextFile((dir / "inputs" / (rel_text + ".sql")).string());
  if (!out_text || !sql_text) {
    std::fprintf(stderr, "spark_golden: cannot read %s (or its .sql input)\n", out_file.c_str());
    return false;
  }
  auto blocks = ParseGoldenOutput(*out_text);
  if (!blocks) {
    std::fprintf(stderr, "spark_golden: not a golden file: %s\n", out_file.c_str());
    return false;
  }
  test->blocks = std::move(*blocks);
  test->sql_text = std::move(*sql_text);
  if (auto java21 = ReadTextFile(out_file.string() + ".java21")) {
    if (auto parsed = ParseGoldenOutput(*java21)) test->java21 = std::move(*parsed);
  }
  return true;
}

int Usage() {
  std::fprintf(stderr,
               "usage: tarn_spark_golden DIR [--verbose] [--filter SUBSTRING] [--floor FILE] [--timeout SECONDS] "
               "[--top N]\n"
               "  DIR holds inputs/, results/ and test-data/ (Spark's sql-tests layout).\n");
  return 2;
}

}  // namespace

int main(int argc, char** argv) {
  Options options;
  for (int i = 1; i < argc; ++i) {
    std::string arg = argv[i];
    auto value = [&]() -> std::string {
      if (i + 1 >= argc) std::exit(Usage());
      return argv[++i];
    };
    if (arg == "--verbose" || arg == "-v") options.verbose = true;
    else if (arg == "--filter") options.filter = value();
    else if (arg == "--floor") options.floor_file = value();
    else if (arg == "--timeout") options.timeout = std::atof(value().c_str());
    else if (arg == "--top") options.top = static_cast<size_t>(std::atoi(value().c_str()));
    else if (!arg.empty() && arg[0] == '-') return Usage();
    else if (options.dir.empty()) options.dir = arg;
    else return Usage();
  }
  if (options.dir.empty()) return Usage();
  if (options.timeout <= 0) options.timeout = 20;
  signal(SIGPIPE, SIG_IGN);

  fs::path dir(options.dir);
  std::vector<fs::path> out_files;
  std::error_code ec;
  for (auto it = fs::recursive_directory_iterator(dir / "results", ec); !ec && it != fs::recursive_directory_iterator();
       it.increment(ec)) {
    std::string name = it->path().filename().string();
    if (it->is_regular_file() && name.size() > 8 && name.compare(name.size() - 8, 8, ".sql.out") == 0)
      out_files.push_back(it->path());
  }
  if (ec || out_files.empty()) {
    std::fprintf(stderr, "spark_golden: no results/*.sql.out under %s\n", options.dir.c_str());
    return 2;
  }
  std::sort(out_files.begin(), out_files.end());

  size_t total_passed = 0, total_failed = 0, names_exact = 0, error_blocks = 0, errors_passed = 0,
         errors_raised = 0, files = 0;
  std::map<std::string, size_t> causes, classes;
  for (const fs::path& out_file : out_files) {
    GoldenTest test;
    if (!LoadTest(dir, out_file, &test)) {
      ++total_failed;
      causes["unreadable golden file"]++;
      continue;
    }
    if (!options.filter.empty() && test.rel.find(options.filter) == std::string::npos) continue;
    ++files;
    std::vector<BlockRecord> records = RunFile(test, options);
    size_t passed = 0, failed = 0;
    for (size_t i = 0; i < records.size(); ++i) {
      const BlockRecord& r = records[i];
      bool expects_error = test.blocks[i].expects_error();
      if (expects_error) {
        ++error_blocks;
        if (r.passed) ++errors_passed;
        if (r.error_raised) ++errors_raised;
      }
      if (r.passed) {
        ++passed;
        if (r.names_match) ++names_exact;
        continue;
      }
      ++failed;
      std::string cause = r.done ? r.cause : "not run";
      causes[cause]++;
      // The coarse group: the error class, or the kind of mismatch.
      std::string coarse = cause;
      if (coarse.rfind("error ", 0) == 0) coarse = coarse.substr(0, coarse.find(' ', 6));
      else if (coarse.rfind("wrong error class", 0) == 0) coarse = "wrong error class";
      else if (coarse.rfind("no error", 0) == 0) coarse = "no error raised";
      else if (coarse.rfind("crash", 0) == 0) coarse = "crash";
      classes[coarse]++;
    }
    std::printf("%s: %zu passed, %zu failed\n", test.rel.c_str(), passed, failed);
    std::fflush(stdout);
    total_passed += passed;
    total_failed += failed;
  }

  auto print_top = [&options](const char* title, const std::map<std::string, size_t>& counts) {
    std::vector<std::pair<size_t, std::string>> sorted;
    for (const auto& [cause, n] : counts) sorted.emplace_back(n, cause);
    std::sort(sorted.begin(), sorted.end(), [](const auto& a, const auto& b) {
      return a.first != b.first ? a.first > b.first : a.second < b.second;
    });
    std::printf("\n%s:\n", title);
    for (size_t i = 0; i < sorted.size() && i < options.top; ++i)
      std::printf("%6zu  %s\n", sorted[i].first, sorted[i].second.c_str());
  };
  print_top("failures by kind", classes);
  print_top("failures by cause", causes);
  std::printf("\nerror blocks: %zu, tarn raised an error on %zu, with Spark's error class on %zu\n", error_blocks,
              errors_raised, errors_passed);
  std::printf("passed blocks whose column names match Spark's too: %zu\n", names_exact);
  std::printf("total (%zu files): %zu passed, %zu failed\n", files, total_passed, total_failed);

  if (!options.floor_file.empty()) {
    auto text = ReadTextFile(options.floor_file);
    if (!text) {
      std::fprintf(stderr, "spark_golden: cannot read floor file %s\n", options.floor_file.c_str());
      return 2;
    }
    size_t floor = std::strtoull(text->c_str(), nullptr, 10);
    if (total_passed < floor) {
      std::printf("FAIL: %zu passed is below the floor of %zu (%s)\n", total_passed, floor,
                  options.floor_file.c_str());
      return 1;
    }
    std::printf("OK: %zu passed, floor %zu\n", total_passed, floor);
  }
  return 0;
}
