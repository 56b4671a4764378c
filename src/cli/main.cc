// tarn: the command-line interface.
//
// Exit codes: 0 success, 1 a failure while working (a tarn::Error, printed as
// "[ERROR_CLASS] message SQLSTATE: xxxxx"), 2 a usage mistake. Every failure
// is one line on stderr; nothing escapes as an uncaught exception.
#include <cstdio>
#include <exception>
#include <new>
#include <string>
#include <vector>

#include "cli/args.h"
#include "cli/commands.h"
#include "common/allocator.h"
#include "common/error.h"
#include "common/version.h"

namespace tarn::cli {
namespace {


constexpr const char* kUsage =
    "tarn — a lakehouse engine on one machine (Spark SQL, Delta Lake, Parquet)\n"
    "\n"
    "Usage: tarn <command> [arguments]\n"
    "\n"
    "Commands:\n"
    "  sql       run Spark SQL statements (-e SQL, -f FILE, or stdin)\n"
    "  parquet   inspect and read Parquet files (schema, meta, cat)\n"
    "  generate  write sample data (lineitem) as Parquet\n"
    "  bench     benchmark data: 'tarn bench tpch generate --sf N --out DIR'\n"
    "  version   print tarn's version\n"
    "  help      show this help\n"
    "\n"
    "Run 'tarn <command> --help' for a command's options.\n";

void PrintError(const std::string& line) {
  std::fprintf(stderr, "%s\n", line.c_str());
  std::fflush(stderr);
}

int Run(const std::vector<std::string>& args) {
  if (args.empty()) throw UsageError("missing command");
  const std::string& command = args[0];
  std::vector<std::string> rest(args.begin() + 1, args.end());
  if (command == "-h" || command == "--help" || command == "help") {
    Print(kUsage);
    return 0;
  }
  if (command == "version" || command == "--version") {
    Print(std::string("tarn ") + kVersion + "\n");
    return 0;
  }
  if (command == "sql") return RunSql(rest);
  if (command == "parquet") return RunParquet(rest);
  if (command == "generate") return RunGenerate(rest);
  if (command == "bench") return RunBench(rest);
  throw UsageError("unknown command '" + command + "'");
}

}  // namespace

void Print(std::string_view text) { std::fwrite(text.data(), 1, text.size(), stdout); }

}  // namespace tarn::cli

int main(int argc, char** argv) {
  using namespace tarn;
  TuneAllocator();
  std::vector<std::string> args(argv + 1, argv + argc);
  int code;
  try {
    code = cli::Run(args);
  } catch (const cli::UsageError& e) {
    cli::PrintError(std::string("tarn: ") + e.what() + " (see '" + e.help() + "')");
    return 2;
  } catch (const Error& e) {
    std::fflush(stdout);
    cli::PrintError(e.info().ToString());
    return 1;
  } catch (const std::bad_alloc&) {
    std::fflush(stdout);
    cli::PrintError(MakeError(ErrorClass::kInternalError, {{"message", "out of memory"}}).ToString());
    return 1;
  } catch (const std::exception& e) {
    std::fflush(stdout);
    cli::PrintError(MakeError(ErrorClass::kInternalError, {{"message", e.what()}}).ToString());
    return 1;
  } catch (...) {
    std::fflush(stdout);
    cli::PrintError(MakeError(ErrorClass::kInternalError, {{"message", "unknown exception"}}).ToString());
    return 1;
  }
  if (std::fflush(stdout) != 0) {
    cli::PrintError(MakeError(ErrorClass::kIoError, {{"path", "<stdout>"}, {"message", "write failed"}}).ToString());
    return 1;
  }
  return code;
}
