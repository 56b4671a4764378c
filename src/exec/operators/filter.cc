// Filter: keeps the rows where the condition is TRUE.
//
// Dictionary-aware evaluation: a conjunct of the condition that reads one
// string column only and cannot raise an error (comparisons, IN lists,
// LIKE / startswith / endswith / contains, IS [NOT] NULL, NOT / AND / OR of
// those, against literals) is evaluated once per dictionary entry when that
// column arrives dictionary-encoded (the Parquet reader hands out dictionary
// pages that way), and rows are kept by their index — TPC-H's
// `l_shipmode IN ('MAIL', 'SHIP')` tests 7 strings instead of every row. The
// entries' answers are kept while batches share the dictionary (a whole
// column chunk). Such conjuncts run first; the rest of the condition runs on
// the rows they keep.
#include <unordered_set>

#include "exec/expression_evaluator.h"
#include "exec/operators/operators.h"
#include "exec/vector_util.h"

namespace tarn::exec {
namespace {

using plan::Expr;
using plan::ExprKind;
using plan::ExprPtr;

void SplitConjuncts(const ExprPtr& e, std::vector<ExprPtr>* out) {
  if (e->kind == ExprKind::kAnd && e->args.size() == 2) {
    SplitConjuncts(e->args[0], out);
    SplitConjuncts(e->args[1], out);
    return;
  }
  out->push_back(e);
}

// Whether `e` only reads columns and literals through operators that never
// raise an error, noting the columns it reads.
bool ErrorFreePredicate(const Expr& e, std::unordered_set<int>* columns) {
  static const std::unordered_set<std::string> kCalls = {"=",    "==",   "<>",   "!=",         "<",        "<=",
                                                         ">",    ">=",   "<=>",  "like",       "ilike",    "startswith",
                                                         "endswith", "contains"};
  switch (e.kind) {
    case ExprKind::kColumnRef: columns->insert(e.column); return true;
    case ExprKind::kLiteral: return true;
    case ExprKind::kCall:
      if (!kCalls.count(e.name)) return false;
      break;
    case ExprKind::kIn:
    case ExprKind::kNot:
    case ExprKind::kAnd:
    case ExprKind::kOr:
    case ExprKind::kIsNull:
    case ExprKind::kIsNotNull: break;
    default: return false;
  }
  for (const ExprPtr& arg : e.args)
    if (!arg || !ErrorFreePredicate(*arg, columns)) return false;
  return true;
}

// A conjunct that can be answered per dictionary entry of `column`.
struct DictionaryConjunct {
  ExprPtr predicate;
  int column;
  VectorPtr dictionary;        // the dictionary the answers belong to (kept alive)
  std::vector<uint8_t> keeps;  // per entry: the predicate is TRUE
};

class FilterOperator : public Operator {
 public:
  FilterOperator(const plan::PlanNode& node, QueryContext* query, OperatorPtr child)
      : Operator(node, query), child_(std::move(child)), eval_(query) {
    std::vector<ExprPtr> conjuncts;
    SplitConjuncts(node.condition, &conjuncts);
    const Schema& input = node.children.at(0)->schema;
    for (const ExprPtr& c : conjuncts) {
      std::unordered_set<int> columns;
      if (ErrorFreePredicate(*c, &columns) && columns.size() == 1) {
        int column = *columns.begin();
        if (column >= 0 && static_cast<size_t>(column) < input.size() && input[column].type.id() == TypeId::kString) {
          dictionary_conjuncts_.push_back(DictionaryConjunct{c, column, nullptr, {}});
          continue;
        }
      }
      others_.push_back(c);
    }
  }

  bool Next(Batch* out) override {
    Batch batch;
    while (true) {
      query_->CheckCancel();
      if (!child_->Next(&batch)) return false;
      size_t rows = batch.num_rows();
      Batch selected;
      if (dictionary_conjuncts_.empty()) {
        SelectionVector keep = EvaluateFilter(*node_.condition, batch, eval_);
        selected = keep.size() == rows ? batch : batch.Select(keep);
      } else {
        selected = ApplyConjuncts(batch);
      }
      if (selected.num_rows() == 0) continue;
      if (selected.num_rows() == rows) {
        *out = WithSchema(node_.schema, selected);
        return true;
      }
      // Very selective: copy the few rows so the big input can be freed.
      if (selected.num_rows() * 8 < rows) selected = ConcatBatches(batch.schema(), {selected});
      *out = WithSchema(node_.schema, selected);
      return true;
    }
  }

 private:
  // The dictionary conjuncts by dictionary entry (where the batch's column
  // is dictionary-encoded), then the other conjuncts on the rows left.
  Batch ApplyConjuncts(const Batch& batch) {
    SelectionVector rows(batch.num_rows());
    for (size_t r = 0; r < rows.size(); ++r) rows[r] = static_cast<uint32_t>(r);
    std::vector<const Expr*> remaining;
    for (DictionaryConjunct& c : dictionary_conjuncts_) {
      const Vector& column = batch.column(c.column);
      // Worth it when the dictionary is smaller than the batch; a dictionary
      // vector with NULL rows of its own goes the plain way.
      if (column.encoding() != VectorEncoding::kDictionary || column.may_have_nulls() ||
          column.Base().size() > batch.num_rows()) {
        remaining.push_back(c.predicate.get());
        continue;
      }
      const std::vector<uint8_t>& keeps = EntryAnswers(c, column, batch.schema());
      const int32_t* indices = column.indices();
      size_t kept = 0;
      for (uint32_t r : rows)
        if (keeps[static_cast<size_t>(indices[r])]) rows[kept++] = r;
      rows.resize(kept);
      if (rows.empty()) return batch.Select(rows);
    }
    for (const ExprPtr& e : others_) remaining.push_back(e.get());
    Batch current = rows.size() == batch.num_rows() ? batch : batch.Select(rows);
    for (const Expr* e : remaining) {
      if (current.num_rows() == 0) break;
      SelectionVector keep = EvaluateFilter(*e, current, eval_);
      if (keep.size() < current.num_rows()) current = current.Select(keep);
    }
    return current;
  }

  // The predicate's answer for every entry of the column's dictionary,
  // computed once per dictionary.
  const std::vector<uint8_t>& EntryAnswers(DictionaryConjunct& c, const Vector& column, const Schema& schema) {
    const VectorPtr& dictionary = column.base_ptr();
    if (c.dictionary == dictionary) return c.keeps;
    size_t entries = dictionary->size();
    std::vector<VectorPtr> columns;
    for (size_t i = 0; i < schema.size(); ++i)
      columns.push_back(static_cast<int>(i) == c.column ? dictionary : Vector::MakeNull(schema[i].type, entries));
    Batch entry_batch(schema, std::move(columns), entries);
    c.keeps.assign(entries, 0);
    for (uint32_t e : EvaluateFilter(*c.predicate, entry_batch, eval_)) c.keeps[e] = 1;
    c.dictionary = dictionary;
    return c.keeps;
  }

  OperatorPtr child_;
  EvalContext eval_;
  std::vector<DictionaryConjunct> dictionary_conjuncts_;
  std::vector<ExprPtr> others_;
};

}  // namespace

OperatorPtr MakeFilter(const plan::PlanNode& node, QueryContext* query, OperatorPtr child) {
  return std::make_unique<FilterOperator>(node, query, std::move(child));
}

}  // namespace tarn::exec
