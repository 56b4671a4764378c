// `tarn parquet schema|meta|cat`: inspect and read one Parquet file.
#include <algorithm>
#include <memory>
#include <optional>

#include "cli/args.h"
#include "cli/batch_builder.h"
#include "cli/commands.h"
#include "cli/parquet_meta.h"
#include "common/error.h"
#include "common/file_system.h"
#include "formats/parquet/footer.h"
#include "formats/parquet/metadata.h"
#include "formats/parquet/reader.h"
#include "formats/text/result_writer.h"
#include "formats/text/schema_text.h"

namespace tarn::cli {

const char* const kParquetUsage =
    "Usage: tarn parquet <subcommand> FILE [options]\n"
    "\n"
    "Subcommands:\n"
    "  schema FILE   the file's Spark schema, as a printSchema() tree\n"
    "                (--format json: Spark's schema JSON; csv: one row per field)\n"
    "  meta FILE     file metadata: rows, row groups, writer, and per column chunk\n"
    "                its types, codec, encodings, sizes, null count and min/max\n"
    "  cat FILE      the file's rows\n"
    "\n"
    "Options:\n"
    "  -f, --format table|csv|json   output format (default: table);\n"
    "                                json = one canonical JSON object per line\n"
    "  -c, --columns a,b.c           cat: only these columns (names or dotted nested paths)\n"
    "  -n, --limit N                 cat: at most N rows (a table shows 100 unless given)\n"
    "      --max-width N             table: widest column, in characters (default 40)\n"
    "  -h, --help                    show this help\n";

namespace {

const FlagSpec kFormatFlag{"format", 'f'};
const FlagSpec kColumnsFlag{"columns", 'c'};
const FlagSpec kLimitFlag{"limit", 'n'};
const FlagSpec kMaxWidthFlag{"max-width"};

struct CommonOptions {
  std::string path;
  OutputFormat format = OutputFormat::kTable;
  ResultWriterOptions writer;
};

CommonOptions ParseCommon(const std::string& subcommand, const ParsedArgs& parsed) {
  CommonOptions options;
  if (parsed.positional.empty()) throw UsageError("'parquet " + subcommand + "' needs a FILE");
  if (parsed.positional.size() > 1) throw UsageError("unexpected argument '" + parsed.positional[1] + "'");
  options.path = parsed.positional[0];
  if (auto format = parsed.Get("format")) {
    auto parsed_format = ParseOutputFormat(*format);
    if (!parsed_format) throw UsageError("unknown format '" + *format + "': expected table, csv or json");
    options.format = *parsed_format;
  }
  if (auto width = parsed.Get("max-width")) {
    options.writer.table.max_column_width = static_cast<size_t>(std::max<int64_t>(ParseCount("max-width", *width), 2));
  }
  return options;
}

// A clear error for a missing path or a directory before the reader sees it.
uint64_t CheckFile(FileSystem& fs, const std::string& path) {
  Result<FileInfo> info = fs.Stat(path);
  if (!info.ok()) {
    if (info.status().code() == StatusCode::kNotFound) ThrowError(ErrorClass::kPathNotFound, {{"path", path}});
    ThrowIfError(info.status());
  }
  if (info->is_directory) {
    ThrowError(ErrorClass::kFileReadError, {{"path", path}, {"message", "It is a directory, not a Parquet file."}});
  }
  return info->size;
}

std::unique_ptr<ResultWriter> StdoutWriter(const CommonOptions& options) {
  return ResultWriter::Make(options.format, Print, options.writer);
}

void WriteAll(ResultWriter& writer, const Batch& batch) {
  writer.Begin(batch.schema());
  writer.Write(batch);
  writer.End();
}

// One row per field (nested struct fields as dotted paths): column, type, nullable.
void AddFieldRows(const std::string& path, const DataType& type, bool nullable, BatchBuilder* rows) {
  rows->AddRow({path, type.ToString(), std::string(nullable ? "true" : "false")});
  if (type.id() == TypeId::kStruct) {
    for (const Field& field : type.fields()) AddFieldRows(path + "." + field.name, field.type, field.nullable, rows);
  }
}

int RunSchema(const ParsedArgs& parsed) {
  CommonOptions options = ParseCommon("schema", parsed);
  auto fs = LocalFileSystem();
  CheckFile(*fs, options.path);
  auto reader = parquet::ParquetReader::Open(*fs, options.path);
  const Schema& schema = reader->file_schema();
  switch (options.format) {
    case OutputFormat::kTable: Print(SchemaTreeString(schema)); break;
    case OutputFormat::kJson: Print(SchemaToJson(schema) + "\n"); break;
    case OutputFormat::kCsv: {
      BatchBuilder rows(
          {Column("column", DataType::String()), Column("type", DataType::String()), Column("nullable", DataType::String())});
      for (const Field& field : schema) AddFieldRows(field.name, field.type, field.nullable, &rows);
      WriteAll(*StdoutWriter(options), rows.Build());
      break;
    }
  }
  return 0;
}

int RunMeta(const ParsedArgs& parsed) {
  CommonOptions options = ParseCommon("meta", parsed);
  options.writer.table.show_types = false;
  if (!parsed.Has("max-width")) options.writer.table.max_column_width = 80;  // paths, writer names
  auto fs = LocalFileSystem();
  uint64_t size = CheckFile(*fs, options.path);
  // The footer alone (not ParquetReader::Open): meta also describes files whose
  // schema Spark types cannot represent.
  std::unique_ptr<RandomAccessFile> file = ValueOrThrow(fs->OpenForRead(options.path));
  const parquet::FileMetaData metadata = parquet::ReadFooter(*file, options.path);
  Batch facts = ParquetFileFacts(options.path, size, metadata);
  if (options.format == OutputFormat::kTable) facts = Transpose(facts);
  Batch chunks = ParquetColumnChunks(metadata);
  // Metadata is small: never cut a table short.
  options.writer.max_table_rows = std::max(facts.num_rows(), chunks.num_rows());
  auto writer = StdoutWriter(options);
  WriteAll(*writer, facts);
  WriteAll(*writer, chunks);
  return 0;
}

int RunCat(const ParsedArgs& parsed) {
  CommonOptions options = ParseCommon("cat", parsed);
  std::optional<int64_t> limit;
  if (auto text = parsed.Get("limit")) limit = ParseCount("limit", *text);
  if (limit) options.writer.max_table_rows = static_cast<size_t>(*limit);

  parquet::ParquetReadOptions read_options;
  if (auto columns = parsed.Get("columns")) read_options.columns = SplitList("columns", *columns);
  // No need to decode big batches when few rows will be printed.
  size_t wanted = limit ? static_cast<size_t>(*limit)
                        : (options.format == OutputFormat::kTable ? options.writer.max_table_rows + 1 : SIZE_MAX);
  read_options.batch_size = std::clamp<size_t>(wanted, 1, read_options.batch_size);

  auto fs = LocalFileSystem();
  CheckFile(*fs, options.path);
  auto reader = parquet::ParquetReader::Open(*fs, options.path, read_options);
  auto writer = StdoutWriter(options);
  writer->Begin(reader->schema());
  int64_t remaining = limit.value_or(INT64_MAX);
  Batch batch;
  while (remaining > 0 && writer->wants_more() && reader->Next(&batch)) {
    if (static_cast<int64_t>(batch.num_rows()) > remaining) {
      SelectionVector rows(static_cast<size_t>(remaining));
      for (size_t i = 0; i < rows.size(); ++i) rows[i] = static_cast<uint32_t>(i);
      batch = batch.Select(rows);
    }
    remaining -= static_cast<int64_t>(batch.num_rows());
    writer->Write(batch);
  }
  writer->End(limit ? std::min(*limit, reader->num_rows()) : reader->num_rows());
  return 0;
}

}  // namespace

namespace {

int RunParquetCommand(const std::vector<std::string>& args) {
  if (args.empty()) throw UsageError("'parquet' needs a subcommand: schema, meta or cat");
  const std::string& subcommand = args[0];
  if (subcommand == "-h" || subcommand == "--help" || subcommand == "help") {
    Print(kParquetUsage);
    return 0;
  }
  std::vector<std::string> rest(args.begin() + 1, args.end());
  ParsedArgs parsed;
  if (subcommand == "schema" || subcommand == "meta") {
    parsed = ParseArgs(rest, {kFormatFlag, kMaxWidthFlag});
  } else if (subcommand == "cat") {
    parsed = ParseArgs(rest, {kFormatFlag, kColumnsFlag, kLimitFlag, kMaxWidthFlag});
  } else {
    throw UsageError("unknown subcommand 'parquet " + subcommand + "': expected schema, meta or cat");
  }
  if (parsed.Has("help")) {
    Print(kParquetUsage);
    return 0;
  }
  if (subcommand == "schema") return RunSchema(parsed);
  if (subcommand == "meta") return RunMeta(parsed);
  return RunCat(parsed);
}

}  // namespace

int RunParquet(const std::vector<std::string>& args) {
  try {
    return RunParquetCommand(args);
  } catch (const UsageError& e) {
    throw UsageError(e.what(), "tarn parquet --help");
  }
}

}  // namespace tarn::cli
