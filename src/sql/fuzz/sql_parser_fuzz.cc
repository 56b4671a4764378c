// libFuzzer target: split arbitrary bytes into statements and parse each one
// (and print what parses, then parse the printout again). A tarn::Error is
// the expected outcome for bad input; anything else (a crash, a sanitizer
// report, an uncaught exception, a timeout) is a bug.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "common/error.h"
#include "sql/parser.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view script(reinterpret_cast<const char*>(data), size);
  for (const tarn::sql::ScriptStatement& part : tarn::sql::Parser::SplitStatements(script)) {
    std::string printed;
    try {
      printed = tarn::sql::ToString(*tarn::sql::Parser::ParseStatementText(part.text));
    } catch (const tarn::Error&) {
      continue;
    }
    // What the parser printed must parse again.
    try {
      tarn::sql::Parser::ParseStatementText(printed);
    } catch (const tarn::Error& e) {
      if (e.info().IsInternal()) __builtin_trap();
    }
  }
  // The whole input as one statement exercises the parser on text with ';'.
  try {
    tarn::sql::Parser::ParseStatementText(script);
  } catch (const tarn::Error&) {
  }
  return 0;
}
