#include "session/session.h"

#include <chrono>
#include <thread>

#include "common/error.h"
#include "common/strings.h"
#include "delta/delta_table.h"
#include "exec/executor.h"
#include "exec/query_profile.h"
#include "formats/file_table.h"
#include "plan/optimizer.h"
#include "sql/analyzer.h"
#include "session/session_internal.h"
#include "session/table_changes_function.h"
#include "session/table_statements.h"
#include "sql/parser.h"
#include "sql/statement.h"
#include "types/datetime.h"

namespace tarn {

size_t StatementResult::num_rows() const {
  size_t rows = 0;
  for (const Batch& b : batches) rows += b.num_rows();
  return rows;
}

namespace {

}  // namespace

plan::PlanPtr ScanPlan(std::shared_ptr<const TableProvider> table) {
  auto node = std::make_shared<plan::PlanNode>();
  node->kind = plan::PlanKind::kScan;
  node->schema = table->schema();
  for (size_t i = 0; i < node->schema.size(); ++i) node->scan_columns.push_back(static_cast<int>(i));
  node->table = std::move(table);
  return node;
}

namespace {

// range(start, end, step): the ids as a table.
class RangeTable : public TableProvider {
 public:
  RangeTable(int64_t start, int64_t end, int64_t step) : start_(start), end_(end), step_(step) {
    schema_ = {{"id", DataType::Long(), false, ""}};
  }
  const Schema& schema() const override { return schema_; }
  std::string description() const override {
    return "Range (" + std::to_string(start_) + ", " + std::to_string(end_) + ", step=" + std::to_string(step_) + ")";
  }
  std::optional<int64_t> row_count() const override { return Count(); }
  std::unique_ptr<BatchStream> Scan(const ScanSpec& spec) const override {
    class Stream : public BatchStream {
     public:
      Stream(const RangeTable& t, size_t batch_size) : t_(t), batch_size_(batch_size) {}
      bool Next(Batch* batch) override {
        int64_t total = t_.Count();
        if (next_ >= total) return false;
        size_t n = static_cast<size_t>(std::min<int64_t>(batch_size_, total - next_));
        VectorPtr ids = Vector::Make(DataType::Long(), n);
        for (size_t i = 0; i < n; ++i) ids->values<int64_t>()[i] = t_.start_ + (next_ + static_cast<int64_t>(i)) * t_.step_;
        next_ += static_cast<int64_t>(n);
        *batch = Batch(t_.schema_, {ids}, n);
        return true;
      }

     private:
      const RangeTable& t_;
      size_t batch_size_;
      int64_t next_ = 0;
    };
    return std::make_unique<Stream>(*this, spec.batch_size);
  }

 private:
  int64_t Count() const {
    if (step_ == 0) return 0;
    __int128 span = static_cast<__int128>(end_) - start_;
    if ((span > 0) != (step_ > 0) || span == 0) return 0;
    __int128 n = (span + step_ + (step_ > 0 ? -1 : 1)) / step_;
    return static_cast<int64_t>(n);
  }
  int64_t start_, end_, step_;
  Schema schema_;
};

}  // namespace

class Session::Resolver : public sql::RelationResolver {
 public:
  explicit Resolver(Session& session) : session_(session) {}

  plan::PlanPtr Resolve(const std::vector<std::string>& name) const override {
    if (name.size() == 1) {
      auto it = session_.temp_views_.find(AsciiLower(name[0]));
      if (it != session_.temp_views_.end()) return it->second;
    }
    if (name.size() == 2) {
      // delta.`path`, format.`path`
      if (AsciiLower(name[0]) == "delta") return ScanPlan(delta::DeltaTable::Open(session_.fs_, name[1]));
      auto format = FindFileFormat(AsciiLower(name[0]));
      if (format) return ScanPlan(FileTable::Open(session_.fs_, format, name[1]));
    }
    // Delta tables: the warehouse catalog's names and delta.`/path`.
    return TableStatements(session_).ResolveTable(name);
  }

  plan::PlanPtr ResolveAt(const std::vector<std::string>& name, const sql::TimeTravelSpec& spec) const override {
    // Only Delta tables keep their history (temp views and file paths do not).
    delta::TimeTravel time_travel;
    time_travel.version = spec.version;
    if (spec.timestamp_micros) time_travel.timestamp_ms = FloorDiv(*spec.timestamp_micros, 1000);
    if (name.size() != 2 || AsciiLower(name[0]) != "delta") {
      // A temp view of that name has no history; catalog tables do.
      if (name.size() == 1 && session_.temp_views_.count(AsciiLower(name[0]))) return nullptr;
      return TableStatements(session_).ResolveTable(name, time_travel);
    }
    return ScanPlan(delta::DeltaTable::Open(session_.fs_, name[1], time_travel));
  }

  plan::PlanPtr ResolveTableFunction(const std::string& name, const std::vector<VectorPtr>& args,
                                     const std::vector<std::string>& arg_names) const override {
    if (name == "range") {
      std::vector<int64_t> values;
      for (const VectorPtr& arg : args) {
        if (!arg->type().is_integral() || arg->IsNull(0)) {
          ThrowError(ErrorClass::kDatatypeMismatch, {{"sqlExpr", "\"range\""}, {"message", "the arguments of range must be integers"}});
        }
        switch (arg->type().id()) {
          case TypeId::kByte: values.push_back(arg->ValueAt<int8_t>(0)); break;
          case TypeId::kShort: values.push_back(arg->ValueAt<int16_t>(0)); break;
          case TypeId::kInt: values.push_back(arg->ValueAt<int32_t>(0)); break;
          default: values.push_back(arg->ValueAt<int64_t>(0)); break;
        }
      }
      if (values.empty() || values.size() > 4) {
        ThrowError(ErrorClass::kWrongNumArgs, {{"functionName", "`range`"}, {"expectedNum", "[1, 2, 3, 4]"}, {"actualNum", std::to_string(values.size())}});
      }
      int64_t start = values.size() == 1 ? 0 : values[0];
      int64_t end = values.size() == 1 ? values[0] : values[1];
      int64_t step = values.size() >= 3 ? values[2] : 1;
      if (step == 0) ThrowError(ErrorClass::kInvalidParameterValue, {{"parameter", "`step`"}, {"function", "`range`"}, {"message", "step must not be 0"}});
      return ScanPlan(std::make_shared<RangeTable>(start, end, step));
    }
    if (name == "read_files") {
      if (args.empty() || args[0]->type().id() != TypeId::kString || args[0]->IsNull(0)) {
        ThrowError(ErrorClass::kInvalidParameterValue, {{"parameter", "`path`"}, {"function", "`read_files`"}, {"message", "a path string is required"}});
      }
      std::string path(args[0]->StringAt(0).view());
      FileOptions options;
      for (size_t i = 1; i < args.size(); ++i) {
        if (arg_names[i].empty() || args[i]->IsNull(0)) continue;
        std::string text;
        if (args[i]->type().id() == TypeId::kString) text = std::string(args[i]->StringAt(0).view());
        else if (args[i]->type().id() == TypeId::kBoolean) text = args[i]->ValueAt<uint8_t>(0) ? "true" : "false";
        else if (args[i]->type().id() == TypeId::kInt) text = std::to_string(args[i]->ValueAt<int32_t>(0));
        options[AsciiLower(arg_names[i])] = text;
      }
      std::string format_name = options.count("format") ? AsciiLower(options["format"]) : "";
      if (format_name.empty()) {
        auto dot = path.rfind('.');
        format_name = dot == std::string::npos ? "parquet" : AsciiLower(path.substr(dot + 1));
        if (format_name == "jsonl" || format_name == "ndjson") format_name = "json";
      }
      if (format_name == "delta") return ScanPlan(delta::DeltaTable::Open(session_.fs_, path));
      auto format = FindFileFormat(format_name);
      if (!format) ThrowError(ErrorClass::kUnsupportedFeature, {{"feature", "the file format " + format_name}});
      return ScanPlan(FileTable::Open(session_.fs_, format, path, options));
    }
    if (name == "table_changes") {
      return ResolveTableChanges(session_, args, session_.config_.GetString("spark.sql.session.timeZone"));
    }
    return nullptr;
  }

 private:
  Session& session_;
};

Session::Session() : fs_(LocalFileSystem()) {}
Session::~Session() = default;

namespace {

FunctionContext MakeFunctionContext(const Config& config) {
  FunctionContext ctx;
  ctx.ansi = config.GetBool("spark.sql.ansi.enabled");
  ctx.time_zone = config.GetString("spark.sql.session.timeZone");
  ctx.statement_micros = std::chrono::duration_cast<std::chrono::microseconds>(
                             std::chrono::system_clock::now().time_since_epoch())
                             .count();
  return ctx;
}

exec::ExecOptions MakeExecOptions(const Config& config, const std::atomic<bool>* cancel) {
  exec::ExecOptions options;
  options.functions = MakeFunctionContext(config);
  int64_t threads = config.GetInt("spark.tarn.threads");
  options.threads = threads > 0 ? static_cast<int>(threads)
                                : static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  options.batch_size = static_cast<size_t>(std::max<int64_t>(1, config.GetInt("spark.tarn.batchSize")));
  options.cancel = cancel;
  options.planner = PlannerOptions(config);
  options.memory_limit = config.GetBytes("spark.tarn.memory.limit");
  options.spill_directory = config.GetString("spark.local.dir");
  options.force_spill_rows = static_cast<size_t>(std::max<int64_t>(0, config.GetInt("spark.tarn.memory.forceSpillRows")));
  return options;
}

}  // namespace

plan::PhysicalPlanOptions PlannerOptions(const Config& config) {
  plan::PhysicalPlanOptions options;
  options.auto_broadcast_join_threshold = config.GetBytes("spark.sql.autoBroadcastJoinThreshold");
  options.runtime_filters = config.GetBool("spark.sql.optimizer.runtime.bloomFilter.enabled");
  options.runtime_bloom_filter_max_items = config.GetInt("spark.sql.optimizer.runtime.bloomFilter.maxNumItems");
  options.adaptive = config.GetBool("spark.sql.adaptive.enabled");
  options.reuse_subplans = config.GetBool("spark.sql.exchange.reuse");
  // Unset: the planner's threshold, as in Spark.
  std::string adaptive_threshold = config.GetString("spark.sql.adaptive.autoBroadcastJoinThreshold");
  options.adaptive_broadcast_join_threshold =
      adaptive_threshold.empty() ? options.auto_broadcast_join_threshold
                                 : config.GetBytes("spark.sql.adaptive.autoBroadcastJoinThreshold");
  return options;
}

plan::ConstantEvaluator Session::MakeConstantEvaluator() {
  exec::ExecOptions exec_options = MakeExecOptions(config_, &cancel_);
  return [exec_options](const plan::ExprPtr& expr) -> VectorPtr {
    auto values = std::make_shared<plan::PlanNode>();
    values->kind = plan::PlanKind::kValues;
    values->num_values_rows = 1;
    auto project = std::make_shared<plan::PlanNode>();
    project->kind = plan::PlanKind::kProject;
    project->children = {values};
    project->exprs = {expr};
    project->schema = {{"value", expr->type, true, ""}};
    Batch batch = exec::ExecuteToBatch(project, exec_options);
    if (batch.num_rows() != 1) return nullptr;
    VectorPtr out = Vector::Make(expr->type, 0);
    out->AppendFrom(batch.column(0), 0);
    return out;
  };
}

plan::PlanPtr Session::AnalyzeStatementQuery(const sql::Query& query) {
  Resolver resolver(*this);
  sql::AnalyzerOptions options;
  options.functions = MakeFunctionContext(config_);
  options.case_sensitive = config_.GetBool("spark.sql.caseSensitive");
  options.relations = &resolver;
  options.evaluate_constant = MakeConstantEvaluator();
  return sql::AnalyzeQuery(query, options);
}

plan::PlanPtr Session::OptimizeForRun(const plan::PlanPtr& plan) {
  plan::OptimizerOptions options;
  options.evaluate_constant = MakeConstantEvaluator();
  return plan::Optimize(plan, options);
}

plan::PlanPtr Session::AnalyzeQueryText(std::string_view sql_text, bool optimize) {
  auto query = sql::Parser::ParseQueryText(sql_text);
  plan::PlanPtr analyzed = AnalyzeStatementQuery(*query);
  return optimize ? OptimizeForRun(analyzed) : analyzed;
}

plan::PlanPtr Session::ResolveNamed(const std::vector<std::string>& name) {
  Resolver resolver(*this);
  plan::PlanPtr plan = resolver.Resolve(name);
  if (!plan) {
    std::string text;
    for (const std::string& part : name) text += (text.empty() ? "" : ".") + ("`" + part + "`");
    ThrowError(ErrorClass::kTableOrViewNotFound, {{"relationName", text}});
  }
  return plan;
}

plan::PlanPtr Session::RenameColumns(const plan::PlanPtr& plan, const std::vector<sql::ColumnDefinition>& columns) {
  auto project = std::make_shared<plan::PlanNode>();
  project->kind = plan::PlanKind::kProject;
  project->children = {plan};
  for (size_t i = 0; i < columns.size(); ++i) {
    const Field& f = plan->schema[i];
    project->exprs.push_back(plan::ColumnRef(static_cast<int>(i), f.type, f.nullable));
    project->schema.push_back({columns[i].name, f.type, f.nullable, columns[i].comment});
  }
  return project;
}

plan::PlanPtr Session::MaterializedPlan(const StatementResult& rows) {
  auto values = std::make_shared<plan::PlanNode>();
  values->kind = plan::PlanKind::kValues;
  values->schema = rows.schema;
  for (const Field& f : rows.schema) values->values.push_back(Vector::Make(f.type, 0));
  for (const Batch& batch : rows.batches)
    for (size_t r = 0; r < batch.num_rows(); ++r)
      for (size_t c = 0; c < batch.num_columns(); ++c) values->values[c]->AppendFrom(batch.column(c), r);
  values->num_values_rows = rows.num_rows();
  return values;
}

StatementResult Session::RunQueryPlan(const plan::PlanPtr& plan) {
  StatementResult result;
  result.schema = plan->schema;
  auto stream = StreamQueryPlan(plan);
  Batch batch;
  while (stream->Next(&batch)) {
    if (batch.num_rows() > 0) result.batches.push_back(batch);
  }
  return result;
}

std::unique_ptr<BatchStream> Session::StreamQueryPlan(const plan::PlanPtr& plan,
                                                      std::shared_ptr<exec::QueryProfile> profile) {
  exec::ExecOptions options = MakeExecOptions(config_, &cancel_);
  if (profile == nullptr && profiling_) {
    profile = std::make_shared<exec::QueryProfile>();
    profiles_.push_back(profile);
  }
  options.profile = std::move(profile);
  return exec::ExecutePlan(plan, options);
}

// A profile is complete once its query's stream is gone (the statement has
// returned), so the text is made here rather than when the query ends.
std::vector<std::string> Session::TakeProfiles() {
  std::vector<std::string> texts;
  for (const auto& profile : profiles_)
    if (profile->plan.root != nullptr) texts.push_back(exec::FormatQueryProfile(*profile));
  profiles_.clear();
  return texts;
}

StatementResult Session::Execute(std::string_view sql_text) {
  cancel_.store(false);
  profiles_.clear();
  auto statement = sql::Parser::ParseStatementText(sql_text);
  return RunStatement(*statement);
}


void Session::CreateTempView(const std::string& name, plan::PlanPtr plan, bool replace) {
  std::string key = AsciiLower(name);
  if (!replace && temp_views_.count(key)) {
    ThrowError(ErrorClass::kTempTableOrViewAlreadyExists, {{"relationName", "`" + name + "`"}});
  }
  temp_views_[key] = std::move(plan);
}

bool Session::DropTempView(const std::string& name) { return temp_views_.erase(AsciiLower(name)) > 0; }

std::vector<std::string> Session::TempViewNames() const {
  std::vector<std::string> names;
  for (const auto& [name, plan] : temp_views_) names.push_back(name);
  return names;
}

}  // namespace tarn
